// RepAlignData: synthetic tasks with an exact SNR, noise processes and datasets (THEORY.md §2).
