// Prints "SELECTED DETECTED": the OPENBLAS_CORETYPE that RepAlign's kernel rule selects for this
// machine and the generic core OpenBLAS detected, or nothing when the library's own choice stands (Sources/_RepAlignShims/include/RepAlignKernelRule.h, the
// same rule `repalign` applies at start-up). Scripts/run-tests.sh compiles and runs it.
#include <stdio.h>

#include "../Sources/_RepAlignShims/include/RepAlignKernelRule.h"

char *openblas_get_corename(void);

int main(void) {
  const char *detected = openblas_get_corename();
  const char *selected =
    repalign_recommended_coretype(detected, repalign_cpu_has_avx512(), repalign_cpu_has_avx2_fma());
  if (selected != NULL) printf("%s %s\n", selected, detected);
  return 0;
}
