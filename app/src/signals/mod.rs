//! Stuck signals (vastloopmeldingen): a quick, safe way to say "I'm stuck here", movement on a
//! case, and the trends a team may see. The note belongs to its author alone.

pub mod model;
