//! Intake advice: which member fits a new client best, and why. (Being written.)
