// dladdr and RTLD_DEFAULT need _GNU_SOURCE; defining it in a header would change glibc's fd_set
// and clash with Dispatch's module, so these live in their own translation unit.
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <stddef.h>
#include <gsl/gsl_cblas.h>

#include "RepAlignShims.h"

static const char *provider_of(void *address) {
  Dl_info info;
  if (address == NULL || dladdr(address, &info) == 0) return NULL;
  return info.dli_fname;
}

const char *repalign_cblas_dgemm_provider(void) { return provider_of((void *)&cblas_dgemm); }

const char *repalign_cblas_dgemm_global_provider(void) {
  return provider_of(dlsym(RTLD_DEFAULT, "cblas_dgemm"));
}
