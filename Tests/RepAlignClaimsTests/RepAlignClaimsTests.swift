// Tests for RepAlignClaims: one file per source concept.
