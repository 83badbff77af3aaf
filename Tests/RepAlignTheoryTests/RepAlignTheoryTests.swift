// Tests for RepAlignTheory: one file per source concept.
