// RepAlignTraining: one-hidden-layer networks, losses, optimizers and noise ensembles
// (THEORY.md §2–3, §10).
