//! The client's side of private screening (RFC 9497 OPRF mode): blind an identifier, send
//! the blinded element, and finalize the server's answer into the OPRF output.
//!
//! Used by the `parasol` CLI and by tests; the browser uses a vetted JavaScript
//! implementation that must produce the same outputs.

use rand::rngs::OsRng;
use voprf::{EvaluationElement, OprfClient, Ristretto255};
use zeroize::Zeroize;

use crate::{tag_from_output, CryptoError, Tag};

/// Length of a serialized ristretto255 element.
const ELEMENT_LEN: usize = 32;

/// The client's secret state between [`blind`] and [`finalize`]: the blinding scalar.
///
/// Keep it on the client; whoever has it and the blinded element can recover which
/// identifier was screened. `Debug` prints `Blinded([redacted])`; zeroized on drop.
pub struct Blinded(OprfClient<Ristretto255>);

impl std::fmt::Debug for Blinded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Blinded([redacted])")
    }
}

/// RFC 9497 Blind: hides `input` (the normalised, prefixed identifier) behind a fresh
/// random scalar. Returns the state to keep and the 32-byte blinded element to send.
///
/// Fails only for an input longer than 65535 bytes.
pub fn blind(input: &[u8]) -> Result<(Blinded, [u8; 32]), CryptoError> {
    // voprf would blind a longer input, but finalize must refuse it (RFC 9497 encodes the
    // input length in two bytes), so refuse it here before a round trip is wasted.
    if input.len() > usize::from(u16::MAX) {
        return Err(CryptoError::OprfInput);
    }
    let result =
        OprfClient::<Ristretto255>::blind(input, &mut OsRng).map_err(|_| CryptoError::OprfInput)?;
    Ok((Blinded(result.state), result.message.serialize().into()))
}

/// RFC 9497 Finalize: unblinds the server's 32-byte evaluated element into the 64-byte OPRF
/// output. `input` must be the same bytes that were blinded, or the output is meaningless.
pub fn finalize(state: &Blinded, input: &[u8], evaluated: &[u8]) -> Result<[u8; 64], CryptoError> {
    if evaluated.len() != ELEMENT_LEN {
        return Err(CryptoError::EvaluatedElementLength {
            len: evaluated.len(),
        });
    }
    let evaluated = EvaluationElement::<Ristretto255>::deserialize(evaluated)
        .map_err(|_| CryptoError::EvaluatedElementInvalid)?;
    let output = state
        .0
        .finalize(input, &evaluated)
        .map_err(|_| CryptoError::OprfInput)?;
    Ok(output.into())
}

/// The tag for an output of [`finalize`]; the same function as [`crate::tag_from_output`],
/// here so client code reads in protocol order. The output is zeroized afterwards.
pub fn tag_after_finalize(mut output: [u8; 64]) -> Tag {
    let tag = tag_from_output(&output);
    output.zeroize();
    tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Vector {
        input: String,
        blind: String,
        evaluation_element: String,
        output: String,
    }

    #[derive(serde::Deserialize)]
    struct Oprf {
        vectors: Vec<Vector>,
    }

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "UPPERCASE")]
    struct Vectors {
        oprf: Oprf,
    }

    // Integration tests cannot build a `Blinded` with the RFC's fixed blind, so finalize is
    // checked against the vectors here.
    #[test]
    fn finalize_with_the_rfc_blind_gives_the_rfc_output() {
        let vectors: Vectors = serde_json::from_str(include_str!(
            "../tests/vectors/rfc9497-ristretto255-sha512.json"
        ))
        .expect("the vector file is valid JSON");
        assert!(!vectors.oprf.vectors.is_empty());
        for vector in vectors.oprf.vectors {
            let blind = hex::decode(&vector.blind).expect("hex");
            let state =
                Blinded(OprfClient::deserialize(&blind).expect("the RFC blind is a scalar"));
            let input = hex::decode(&vector.input).expect("hex");
            let evaluated = hex::decode(&vector.evaluation_element).expect("hex");
            let output = finalize(&state, &input, &evaluated).expect("finalize");
            assert_eq!(hex::encode(output), vector.output);
        }
    }

    #[test]
    fn debug_does_not_show_the_blind() {
        let (state, _) = blind(b"phone:+447700900123").expect("blind");
        let scalar = state.0.serialize();
        let shown = format!("{state:?} {state:#?}");
        assert!(!shown.contains(&hex::encode(scalar)));
        assert!(!shown.contains(&base64::engine::general_purpose::STANDARD.encode(scalar)));
        assert_eq!(format!("{state:?}"), "Blinded([redacted])");
    }
}
