// RepAlignTheory: the analytic model of the linear network — asymptotic, finite, filtered and
// exact tiers (THEORY.md §3–7).
