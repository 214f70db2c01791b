//! Getting a colleague's help, now and without a threshold: asking someone to look along at
//! one's own stuck moment, or offering to look along at one a colleague shared with the team.
//! It sits above `signals` (what is asked about) and `sessions` (the slot finder and the
//! Korte intervisie steps the one-to-one follows).

pub mod ask;
