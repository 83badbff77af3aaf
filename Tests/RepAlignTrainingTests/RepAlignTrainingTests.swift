// Tests for RepAlignTraining: one file per source concept.
