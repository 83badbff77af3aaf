#ifndef REPALIGN_SHIMS_H
#define REPALIGN_SHIMS_H

/// The shared object that provides `cblas_dgemm` as this program binds it (the address taken
/// goes through the same PLT/GOT as every Swift call), or NULL.
const char *repalign_cblas_dgemm_provider(void);

/// The shared object the dynamic loader's global scope resolves `cblas_dgemm` to: what GSL's own
/// calls (gsl_blas_dgemm, gsl_linalg_*) bind to, or NULL.
const char *repalign_cblas_dgemm_global_provider(void);

#include "RepAlignKernelRule.h"

#endif
