#ifndef REPALIGN_KERNEL_RULE_H
#define REPALIGN_KERNEL_RULE_H

// The one home of the OpenBLAS kernel rule, used by `repalign` (through RepAlignNumerics'
// `BLASKernel`) and by Scripts/blas-kernel.c (which `make test` compiles to choose the test
// process's kernel the same way). Plain C99, header-only, no dependencies.

#include <ctype.h>
#include <string.h>

/// 1 when `core` (OpenBLAS's `openblas_get_corename()`, any case) is a generic fallback: a core
/// without AVX kernels, which a DYNAMIC_ARCH OpenBLAS picks for a CPU it does not recognize.
static inline int repalign_is_fallback_core(const char *core) {
  static const char *const fallback[] = {
    "unknown", "katmai", "coppermine", "northwood", "prescott", "banias", "core2", "penryn",
    "dunnington", "nehalem", "atom", "opteron", "opteron_sse3", "barcelona", "bobcat", "nano",
  };
  if (core == NULL || core[0] == '\0') return 1;
  char lower[32];
  size_t i = 0;
  for (; core[i] != '\0' && i + 1 < sizeof lower; i++) lower[i] = (char)tolower((unsigned char)core[i]);
  lower[i] = '\0';
  for (size_t k = 0; k < sizeof fallback / sizeof fallback[0]; k++) {
    if (strcmp(lower, fallback[k]) == 0) return 1;
  }
  return 0;
}

/// The OPENBLAS_CORETYPE to select, or NULL to keep the library's choice: when the detected core
/// is a fallback and the CPU has AVX-512 (F, CD, BW, DQ, VL: what OpenBLAS's SkylakeX kernels
/// use) → "SkylakeX"; with AVX2 and FMA → "Haswell"; otherwise NULL.
static inline const char *repalign_recommended_coretype(const char *detected, int avx512, int avx2_fma) {
  if (!repalign_is_fallback_core(detected)) return NULL;
  if (avx512) return "SkylakeX";
  if (avx2_fma) return "Haswell";
  return NULL;
}

/// CPUID feature tests of the running CPU (0 on other architectures).
static inline int repalign_cpu_has_avx512(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
    && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
    && __builtin_cpu_supports("avx512vl");
#else
  return 0;
#endif
}

static inline int repalign_cpu_has_avx2_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

#endif
