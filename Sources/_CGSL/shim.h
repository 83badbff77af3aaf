#ifndef REPALIGN_CGSL_SHIM_H
#define REPALIGN_CGSL_SHIM_H

#include <stddef.h>

#include <gsl/gsl_cblas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_version.h>

// OpenBLAS extensions (declared here because Debian's cblas.h would clash with gsl_cblas.h).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);

// Swift 6 rejects direct use of mutable C globals; expose the ones we need as accessors.
static inline const gsl_rng_type *repalign_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_root_fsolver_type *repalign_root_fsolver_brent(void) {
  return gsl_root_fsolver_brent;
}
static inline const gsl_multimin_fdfminimizer_type *repalign_multimin_vector_bfgs2(void) {
  return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const char *repalign_gsl_version(void) { return gsl_version; }

#endif
