//! Peer casework and evidence, with no I/O: the vocabularies of acts, perpetrators and
//! anti-trafficking measures, consent purposes, the situation assessment against the UN
//! Protocol's elements, and aggregates with small counts suppressed.
