// RepAlignClaims: experiment specs, runner, claim checkers with statistics, golden files.
