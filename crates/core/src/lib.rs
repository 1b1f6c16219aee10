//! Parasol's domain, with no I/O: values are parsed at the edge so that an
//! invalid identifier, kind or area cannot exist past it.

pub mod area;
pub mod consent;
pub mod error;
pub mod identifier;
pub mod kind;
pub mod member;
pub mod tag;
pub mod verdict;

pub use area::AreaName;
pub use consent::ReportConsent;
pub use error::FieldError;
pub use identifier::{Identifier, IdentifierKind, Region};
pub use kind::IncidentKind;
pub use member::{MemberHandle, Role};
pub use tag::Tag;
pub use verdict::{AlertFact, Level, Verdict};
