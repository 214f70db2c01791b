//! Rebalancing suggestions with a continuity cost per move. (Being written.)
