import ArgumentParser
import RepAlignNumerics

/// `--allow-large`, shared by every command that trains or predicts: lifts the arithmetic budget
/// of `ResourceBudget` (2·10¹³ flop per command or experiment); the memory limit (half of
/// physical memory) is never lifted. Sizes are checked before anything is allocated.
struct BudgetOptions: ParsableArguments {
  @Flag(help: "Lift the arithmetic budget (2e13 flop); the memory limit (half of physical memory) stays.")
  var allowLarge = false

  var budget: ResourceBudget { .standard(allowLarge: allowLarge) }
}
