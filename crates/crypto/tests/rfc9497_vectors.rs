//! RFC 9497 Appendix A.1.1 (OPRF mode, ristretto255-SHA512) test vectors.

use parasol_crypto::OprfKey;
use serde::Deserialize;
use voprf::{Group, OprfClient, Ristretto255};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Vector {
    input: String,
    blind: String,
    blinded_element: String,
    evaluation_element: String,
    output: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct OprfSection {
    #[serde(rename = "vectors")]
    vectors: Vec<Vector>,
    seed: String,
    key_info: String,
    #[serde(rename = "skSm")]
    sk_sm: String,
}

#[derive(Deserialize)]
struct Vectors {
    #[serde(rename = "OPRF")]
    oprf: OprfSection,
}

fn vectors() -> OprfSection {
    let vectors: Vectors =
        serde_json::from_str(include_str!("vectors/rfc9497-ristretto255-sha512.json"))
            .expect("the vector file is valid JSON");
    assert_eq!(
        vectors.oprf.vectors.len(),
        2,
        "RFC 9497 A.1.1 has two OPRF vectors"
    );
    vectors.oprf
}

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).expect("vector fields are hex")
}

fn rfc_key(section: &OprfSection) -> OprfKey {
    let seed: [u8; 32] = unhex(&section.seed)
        .try_into()
        .expect("the seed is 32 bytes");
    OprfKey::from_seed(&seed, &unhex(&section.key_info)).expect("DeriveKeyPair")
}

#[test]
fn derive_key_pair_from_the_rfc_seed_gives_the_rfc_secret_key() {
    let section = vectors();
    let key = rfc_key(&section);
    assert_eq!(hex::encode(key.to_bytes().as_slice()), section.sk_sm);
}

#[test]
fn key_read_from_the_rfc_secret_key_matches_the_derived_one() {
    let section = vectors();
    let key = OprfKey::from_bytes(&unhex(&section.sk_sm)).expect("skSm is a valid scalar");
    for vector in &section.vectors {
        let output = key.evaluate(&unhex(&vector.input)).expect("evaluate");
        assert_eq!(hex::encode(output), vector.output);
    }
}

#[test]
fn blinding_with_the_rfc_blind_gives_the_rfc_blinded_element() {
    // The client's `blind` draws a random scalar; this replays the same voprf code path
    // with the RFC's fixed blind (the "danger" feature exists only in dev-dependencies).
    for vector in vectors().vectors {
        let blind = <Ristretto255 as Group>::deserialize_scalar(&unhex(&vector.blind))
            .expect("the RFC blind is a scalar");
        let blinded =
            OprfClient::<Ristretto255>::deterministic_blind_unchecked(&unhex(&vector.input), blind)
                .expect("blind");
        assert_eq!(
            hex::encode(blinded.message.serialize()),
            vector.blinded_element
        );
    }
}

#[test]
fn blind_evaluate_of_the_rfc_blinded_element_gives_the_rfc_evaluation_element() {
    let section = vectors();
    let key = rfc_key(&section);
    for vector in &section.vectors {
        let evaluated = key
            .blind_evaluate(&unhex(&vector.blinded_element))
            .expect("blind_evaluate");
        assert_eq!(hex::encode(evaluated), vector.evaluation_element);
    }
}

#[test]
fn direct_evaluate_gives_the_rfc_output() {
    let section = vectors();
    let key = rfc_key(&section);
    for vector in &section.vectors {
        let output = key.evaluate(&unhex(&vector.input)).expect("evaluate");
        assert_eq!(hex::encode(output), vector.output);
    }
}

#[test]
fn finalizing_the_rfc_evaluation_element_gives_the_rfc_output() {
    for vector in vectors().vectors {
        let blind = <Ristretto255 as Group>::deserialize_scalar(&unhex(&vector.blind))
            .expect("the RFC blind is a scalar");
        let input = unhex(&vector.input);
        let blinded = OprfClient::<Ristretto255>::deterministic_blind_unchecked(&input, blind)
            .expect("blind");
        let evaluated = voprf::EvaluationElement::<Ristretto255>::deserialize(&unhex(
            &vector.evaluation_element,
        ))
        .expect("the RFC evaluation element is a point");
        let output = blinded
            .state
            .finalize(&input, &evaluated)
            .expect("finalize");
        assert_eq!(hex::encode(output), vector.output);
    }
}

#[test]
fn the_client_protocol_with_a_random_blind_also_gives_the_rfc_output() {
    let section = vectors();
    let key = rfc_key(&section);
    for vector in &section.vectors {
        let input = unhex(&vector.input);
        let (state, blinded) = parasol_crypto::client::blind(&input).expect("blind");
        let evaluated = key.blind_evaluate(&blinded).expect("blind_evaluate");
        let output =
            parasol_crypto::client::finalize(&state, &input, &evaluated).expect("finalize");
        assert_eq!(hex::encode(output), vector.output);
    }
}
