//! TC3-HMAC-SHA256: the two published vectors byte for byte, the cached signer, hosts with
//! ports, server-side verification and the `Authorization` parser.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use tencentcloud_runtime::signing::{
    Authorization, AuthorizationError, CanonicalError, CanonicalInput, CredentialProblem, Field,
    HeaderLookup, ReceivedRequest, Signer, SigningInput, VerifyError, derived_keys_hex, sign,
    sign_canonical, signatures_match, verify,
};

/// Vector 1's body: exactly these 204 bytes.
const BODY_1: &[u8] = br#"{"RegistryId": "tcr-abcd1234", "Name": "robot1", "Permissions": [{"Resource": "ns1", "Actions": ["tcr:PushRepository", "tcr:PullRepository"]}], "Description": "ci robot", "Duration": 30, "Disable": false}"#;

/// Vector 2's body (the `\u` escapes are literal ASCII, as the SDK's JSON encoder writes them).
const BODY_2: &[u8] =
    br#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

fn vector_1() -> SigningInput<'static> {
    SigningInput {
        service: "tcr",
        host: "tcr.tencentcloudapi.com",
        content_type: "application/json",
        timestamp: 1_700_000_000,
        body: BODY_1,
    }
}

fn vector_2() -> SigningInput<'static> {
    SigningInput {
        service: "cvm",
        host: "cvm.tencentcloudapi.com",
        content_type: "application/json; charset=utf-8",
        timestamp: 1_551_113_065,
        body: BODY_2,
    }
}

const ID_2: &str = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******";
const KEY_2: &str = "Gu5t9xGARNpq86cd98joQYCN3*******";

fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// An independent, deliberately naive implementation of the documented algorithm, written from
/// the reference text with `format!`, to compare the optimised one against.
fn reference_signature(
    secret_key: &str,
    date: &str,
    service: &str,
    timestamp: i64,
    canonical_headers: &[(&str, &str)],
    body: &[u8],
) -> (String, String) {
    let headers: String = canonical_headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim().to_lowercase()))
        .collect();
    let signed: Vec<&str> = canonical_headers.iter().map(|(k, _)| *k).collect();
    let canonical = format!(
        "POST\n/\n\n{headers}\n{}\n{}",
        signed.join(";"),
        sha256_hex(body)
    );
    let scope = format!("{date}/{service}/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical.as_bytes())
    );
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    let signature: String = hmac(&k_signing, string_to_sign.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (canonical, signature)
}

#[test]
fn vector_1_byte_for_byte() {
    assert_eq!(BODY_1.len(), 204);
    let signed = sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1());

    assert_eq!(
        sha256_hex(BODY_1),
        "0326bc9bb8e02974edffa21939a12274947e127004ca9c7eafb9ef6d8485d84b"
    );
    assert_eq!(
        signed.body_sha256(),
        "0326bc9bb8e02974edffa21939a12274947e127004ca9c7eafb9ef6d8485d84b"
    );
    assert_eq!(
        signed.canonical_request(),
        "POST\n/\n\ncontent-type:application/json\nhost:tcr.tencentcloudapi.com\n\n\
         content-type;host\n0326bc9bb8e02974edffa21939a12274947e127004ca9c7eafb9ef6d8485d84b"
    );
    assert_eq!(
        sha256_hex(signed.canonical_request().as_bytes()),
        "263a41048fc987cbccbef0b341ea7f95eeb534d0d4018db53af89721874bb19c"
    );
    assert_eq!(
        signed.canonical_request_sha256(),
        "263a41048fc987cbccbef0b341ea7f95eeb534d0d4018db53af89721874bb19c"
    );
    assert_eq!(signed.scope(), "2023-11-14/tcr/tc3_request");
    assert_eq!(signed.date(), "2023-11-14");
    assert_eq!(signed.timestamp(), 1_700_000_000);
    assert_eq!(
        signed.string_to_sign(),
        "TC3-HMAC-SHA256\n1700000000\n2023-11-14/tcr/tc3_request\n\
         263a41048fc987cbccbef0b341ea7f95eeb534d0d4018db53af89721874bb19c"
    );

    let [k_date, k_service, k_signing] = derived_keys_hex("SECRETEXAMPLE", "2023-11-14", "tcr");
    assert_eq!(
        k_date,
        "627f442b7b172f3e6919fc3a3d962a33c3586a855323015e7a8b795092a41af8"
    );
    assert_eq!(
        k_service,
        "2ced3bb0768ef6d5f6ca857f43f37d167d669089b6f1ee8b869ad857e05de34b"
    );
    assert_eq!(
        k_signing,
        "169ee8ae66ea2fb1efa9a6e0f9d095f7985ea982667b48a9004d0f6f951692a2"
    );

    assert_eq!(
        signed.signature(),
        "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65"
    );
    assert_eq!(signed.signed_headers(), "content-type;host");
    assert_eq!(
        signed.authorization(),
        "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/tcr/tc3_request, \
         SignedHeaders=content-type;host, \
         Signature=7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65"
    );
}

#[test]
fn vector_2_byte_for_byte() {
    let signed = sign(ID_2, KEY_2, &vector_2());
    assert_eq!(
        signed.body_sha256(),
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    assert_eq!(sha256_hex(BODY_2), signed.body_sha256());
    assert_eq!(
        signed.canonical_request_sha256(),
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );
    assert_eq!(
        sha256_hex(signed.canonical_request().as_bytes()),
        signed.canonical_request_sha256()
    );
    assert_eq!(signed.scope(), "2019-02-25/cvm/tc3_request");
    assert_eq!(
        signed.signature(),
        "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
    );
    assert_eq!(
        signed.authorization(),
        format!(
            "TC3-HMAC-SHA256 Credential={ID_2}/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        )
    );
}

#[test]
fn reference_implementation_agrees_with_the_vectors() {
    // The naive implementation used below as an oracle is itself right.
    let (_, signature) = reference_signature(
        "SECRETEXAMPLE",
        "2023-11-14",
        "tcr",
        1_700_000_000,
        &[
            ("content-type", "application/json"),
            ("host", "tcr.tencentcloudapi.com"),
        ],
        BODY_1,
    );
    assert_eq!(
        signature,
        "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65"
    );
}

#[test]
fn cached_signer_gives_the_same_output_as_sign() {
    let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE");
    assert_eq!(signer.cached_keys(), 0);
    let first = signer.sign(&vector_1());
    assert_eq!(signer.cached_keys(), 1);
    let second = signer.sign(&vector_1());
    assert_eq!(signer.cached_keys(), 1);
    let fresh = sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1());
    assert_eq!(first, fresh);
    assert_eq!(second, fresh);

    // Clones share the cache.
    let clone = signer.clone();
    assert_eq!(clone.sign(&vector_1()), fresh);
    assert_eq!(clone.cached_keys(), 1);

    // Another day and another service get their own keys, and still agree with `sign`.
    for (service, timestamp) in [
        ("tcr", 1_700_000_000 + 86_400),
        ("cvm", 1_700_000_000),
        ("tcr", 1_700_000_000 - 86_400),
    ] {
        let input = SigningInput {
            service,
            timestamp,
            ..vector_1()
        };
        assert_eq!(
            signer.sign(&input),
            sign("AKIDEXAMPLE", "SECRETEXAMPLE", &input)
        );
    }
    // 13, 14 (tcr and cvm) are kept; 15 was dropped when 13 came, being two days away.
    assert_eq!(signer.cached_keys(), 3);

    // Vector 2 through a signer.
    let signer_2 = Signer::new(ID_2, KEY_2);
    assert_eq!(
        signer_2.sign(&vector_2()).signature(),
        "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
    );
}

#[test]
fn signer_is_shareable_and_never_prints_the_key() {
    fn send_sync<T: Send + Sync + Clone + 'static>() {}
    send_sync::<Signer>();

    let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE");
    let signed = signer.sign(&vector_1());
    let [k_date, k_service, k_signing] = derived_keys_hex("SECRETEXAMPLE", "2023-11-14", "tcr");
    for text in [
        format!("{signer:?}"),
        format!("{signed:?}"),
        format!("{signer:#?}"),
    ] {
        assert!(!text.contains("SECRETEXAMPLE"), "{text}");
        for key in [&k_date, &k_service, &k_signing] {
            assert!(!text.contains(key.as_str()), "{text}");
        }
    }
    assert!(format!("{signer:?}").contains("AKIDEXAMPLE"));

    let threads: Vec<_> = (0..4)
        .map(|_| {
            let signer = signer.clone();
            std::thread::spawn(move || signer.sign(&vector_1()).signature().to_owned())
        })
        .collect();
    for thread in threads {
        assert_eq!(
            thread.join().unwrap(),
            "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65"
        );
    }
}

#[test]
fn signer_knows_its_credentials() {
    use tencentcloud_runtime::credentials::Credentials;
    let credentials = Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE").unwrap();
    let signer = Signer::from_credentials(&credentials);
    assert_eq!(signer.secret_id(), "AKIDEXAMPLE");
    assert!(signer.uses(&credentials));
    assert!(!signer.uses(&Credentials::new("AKIDEXAMPLE", "ROTATED").unwrap()));
    assert!(!signer.uses(&Credentials::new("AKIDOTHER", "SECRETEXAMPLE").unwrap()));
    assert_eq!(
        signer.sign(&vector_1()),
        sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1())
    );
}

#[test]
fn host_with_port_is_signed_as_given() {
    let input = SigningInput {
        host: "127.0.0.1:9091",
        ..vector_1()
    };
    let signed = sign("AKIDEXAMPLE", "SECRETEXAMPLE", &input);
    assert!(
        signed
            .canonical_request()
            .contains("\nhost:127.0.0.1:9091\n\n"),
        "{}",
        signed.canonical_request()
    );
    let (canonical, signature) = reference_signature(
        "SECRETEXAMPLE",
        "2023-11-14",
        "tcr",
        1_700_000_000,
        &[
            ("content-type", "application/json"),
            ("host", "127.0.0.1:9091"),
        ],
        BODY_1,
    );
    assert_eq!(signed.canonical_request(), canonical);
    assert_eq!(signed.signature(), signature);
    assert_ne!(
        signed.signature(),
        sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1()).signature()
    );
    // The port is part of the signature: the same request for another port does not verify.
    let other_port = sign(
        "AKIDEXAMPLE",
        "SECRETEXAMPLE",
        &SigningInput {
            host: "127.0.0.1:9092",
            ..vector_1()
        },
    );
    assert_ne!(signed.signature(), other_port.signature());
}

/// The headers a client sends with vector 1, including one it may choose to sign.
const HEADERS_1: [(&str, &str); 5] = [
    ("Content-Type", "application/json"),
    ("Host", "tcr.tencentcloudapi.com"),
    ("X-TC-Action", "CreateServiceAccount"),
    ("X-TC-Version", "2019-09-24"),
    ("X-TC-Timestamp", "1700000000"),
];

fn received<'a>(headers: &'a dyn HeaderLookup, body: &'a [u8]) -> ReceivedRequest<'a> {
    ReceivedRequest {
        method: "POST",
        path: "/",
        query: "",
        headers,
        body,
        timestamp: 1_700_000_000,
    }
}

#[test]
fn verify_accepts_what_the_official_sdks_send() {
    // The Authorization header of vector 1, as Tencent's signer produced it.
    let header = "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/tcr/tc3_request, \
                  SignedHeaders=content-type;host, \
                  Signature=7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65";
    let auth = Authorization::parse(header).unwrap();
    assert_eq!(
        auth,
        Authorization {
            secret_id: "AKIDEXAMPLE",
            date: "2023-11-14",
            service: "tcr",
            signed_headers: vec!["content-type", "host"],
            signature: "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65",
        }
    );
    assert_eq!(auth.scope(), "2023-11-14/tcr/tc3_request");
    let request = received(&HEADERS_1, BODY_1);
    assert_eq!(verify("SECRETEXAMPLE", &auth, &request), Ok(()));
    assert_eq!(
        verify("SECRETEXAMPLE2", &auth, &request),
        Err(VerifyError::SignatureMismatch)
    );

    // Through a signer, with its cache.
    let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE");
    assert_eq!(signer.verify(&auth, &request), Ok(()));
    assert_eq!(signer.verify(&auth, &request), Ok(()));
    assert_eq!(signer.cached_keys(), 1);
    assert!(matches!(
        Signer::new("AKIDOTHER", "SECRETEXAMPLE").verify(&auth, &request),
        Err(VerifyError::SecretIdMismatch { .. })
    ));

    // Vector 2 too.
    let signed = sign(ID_2, KEY_2, &vector_2());
    let headers = [
        ("content-type", "application/json; charset=utf-8"),
        ("host", "cvm.tencentcloudapi.com"),
    ];
    let request = ReceivedRequest {
        timestamp: 1_551_113_065,
        ..received(&headers, BODY_2)
    };
    let auth = Authorization::parse(signed.authorization()).unwrap();
    assert_eq!(auth.secret_id, ID_2);
    assert_eq!(verify(KEY_2, &auth, &request), Ok(()));
}

#[test]
fn verify_accepts_a_longer_signed_header_list() {
    // Tencent's newer demo signs content-type;host;x-tc-action, with the action lowercased in
    // the canonical headers.
    let signed = sign_canonical(
        "AKIDEXAMPLE",
        "SECRETEXAMPLE",
        &CanonicalInput {
            method: "POST",
            path: "/",
            query: "",
            signed_headers: &["content-type", "host", "x-tc-action"],
            headers: &HEADERS_1,
            body: BODY_1,
            service: "tcr",
            timestamp: 1_700_000_000,
        },
    )
    .unwrap();
    assert_eq!(signed.signed_headers(), "content-type;host;x-tc-action");
    assert!(signed.canonical_request().contains(
        "content-type:application/json\nhost:tcr.tencentcloudapi.com\n\
         x-tc-action:createserviceaccount\n\ncontent-type;host;x-tc-action\n"
    ));
    let (canonical, signature) = reference_signature(
        "SECRETEXAMPLE",
        "2023-11-14",
        "tcr",
        1_700_000_000,
        &[
            ("content-type", "application/json"),
            ("host", "tcr.tencentcloudapi.com"),
            ("x-tc-action", "CreateServiceAccount"),
        ],
        BODY_1,
    );
    assert_eq!(signed.canonical_request(), canonical);
    assert_eq!(signed.signature(), signature);

    let auth = Authorization::parse(signed.authorization()).unwrap();
    assert_eq!(auth.signed_headers, ["content-type", "host", "x-tc-action"]);
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&HEADERS_1, BODY_1)),
        Ok(())
    );

    // Header names are matched without regard to case, values are trimmed and lowercased.
    let sloppy = [
        ("content-type", " application/json "),
        ("HOST", "tcr.tencentcloudapi.com"),
        ("x-tc-action", "createserviceaccount"),
    ];
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&sloppy, BODY_1)),
        Ok(())
    );

    // A signed header changed in transit.
    let other_action = [
        ("Content-Type", "application/json"),
        ("Host", "tcr.tencentcloudapi.com"),
        ("X-TC-Action", "DeleteServiceAccount"),
    ];
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&other_action, BODY_1)),
        Err(VerifyError::SignatureMismatch)
    );

    // A signed header missing from the request.
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&&HEADERS_1[..2], BODY_1)),
        Err(VerifyError::Canonical(CanonicalError::MissingHeader {
            name: "x-tc-action".to_owned()
        }))
    );

    // An unsigned header may change freely.
    let mut other_version = HEADERS_1;
    other_version[3] = ("X-TC-Version", "2017-03-12");
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&other_version, BODY_1)),
        Ok(())
    );
}

#[test]
fn verify_rejects_a_tampered_request() {
    let signed = sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1());
    let auth = Authorization::parse(signed.authorization()).unwrap();

    let mut tampered = BODY_1.to_vec();
    let at = tampered.iter().position(|&b| b == b'3').unwrap(); // "Duration": 30
    tampered[at] = b'9';
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&HEADERS_1, &tampered)),
        Err(VerifyError::SignatureMismatch)
    );
    let mut extended = BODY_1.to_vec();
    extended.push(b' ');
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&HEADERS_1, &extended)),
        Err(VerifyError::SignatureMismatch)
    );

    // Another timestamp the same day: the string to sign differs.
    let later = ReceivedRequest {
        timestamp: 1_700_000_001,
        ..received(&HEADERS_1, BODY_1)
    };
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &later),
        Err(VerifyError::SignatureMismatch)
    );

    // A timestamp of another day than the credential's date.
    let next_day = ReceivedRequest {
        timestamp: 1_700_000_000 + 86_400,
        ..received(&HEADERS_1, BODY_1)
    };
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &next_day),
        Err(VerifyError::DateMismatch {
            credential_date: "2023-11-14".to_owned(),
            timestamp_date: "2023-11-15".to_owned(),
        })
    );

    // A signature from another request.
    let other = sign(
        "AKIDEXAMPLE",
        "SECRETEXAMPLE",
        &SigningInput {
            body: b"{}",
            ..vector_1()
        },
    );
    let forged = signed
        .authorization()
        .replace(signed.signature(), other.signature());
    let auth = Authorization::parse(&forged).unwrap();
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&HEADERS_1, BODY_1)),
        Err(VerifyError::SignatureMismatch)
    );

    // An uppercase signature is the same signature.
    let upper = signed
        .authorization()
        .replace(signed.signature(), &signed.signature().to_uppercase());
    let auth = Authorization::parse(&upper).unwrap();
    assert_eq!(
        verify("SECRETEXAMPLE", &auth, &received(&HEADERS_1, BODY_1)),
        Ok(())
    );
}

#[test]
fn sign_canonical_rejects_bad_header_names() {
    let input = CanonicalInput {
        method: "POST",
        path: "/",
        query: "",
        signed_headers: &["Content-Type", "host"],
        headers: &HEADERS_1,
        body: BODY_1,
        service: "tcr",
        timestamp: 1_700_000_000,
    };
    assert_eq!(
        sign_canonical("AKIDEXAMPLE", "SECRETEXAMPLE", &input),
        Err(CanonicalError::InvalidHeaderName {
            name: "Content-Type".to_owned()
        })
    );
    // With content-type;host, sign_canonical is sign.
    let input = CanonicalInput {
        signed_headers: &["content-type", "host"],
        ..input
    };
    assert_eq!(
        sign_canonical("AKIDEXAMPLE", "SECRETEXAMPLE", &input).unwrap(),
        sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1())
    );
    let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE");
    assert_eq!(
        signer.sign_canonical(&input).unwrap(),
        sign("AKIDEXAMPLE", "SECRETEXAMPLE", &vector_1())
    );
}

const SIG: &str = "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65";

fn parse_err(header: &str) -> AuthorizationError {
    Authorization::parse(header).expect_err(header)
}

#[test]
fn authorization_parser_accepts_variants() {
    // Fields in any order, with or without spaces after commas.
    let header = format!(
        "TC3-HMAC-SHA256 Signature={SIG},SignedHeaders=host;content-type,Credential=AKID/2023-11-14/tcr/tc3_request"
    );
    let auth = Authorization::parse(&header).unwrap();
    assert_eq!(auth.secret_id, "AKID");
    assert_eq!(auth.signed_headers, ["host", "content-type"]);
    assert_eq!(auth.signature, SIG);
    // A secret id containing `/` keeps it (the last three labels are the scope).
    let header = format!(
        "TC3-HMAC-SHA256 Credential=AK/ID/2023-11-14/tcr/tc3_request, SignedHeaders=content-type;host, Signature={SIG}"
    );
    assert_eq!(Authorization::parse(&header).unwrap().secret_id, "AK/ID");
}

#[test]
fn authorization_parser_names_what_is_malformed() {
    let cred = "Credential=AKID/2023-11-14/tcr/tc3_request";
    let signed = "SignedHeaders=content-type;host";
    let signature = format!("Signature={SIG}");

    assert_eq!(parse_err(""), AuthorizationError::Empty);
    assert_eq!(parse_err("   "), AuthorizationError::Empty);
    assert_eq!(
        parse_err(&format!("TC3-HMAC-SHA1 {cred}, {signed}, {signature}")),
        AuthorizationError::UnsupportedAlgorithm {
            found: "TC3-HMAC-SHA1".to_owned()
        }
    );
    assert_eq!(
        parse_err("Bearer abc"),
        AuthorizationError::UnsupportedAlgorithm {
            found: "Bearer".to_owned()
        }
    );
    assert_eq!(
        parse_err("TC3-HMAC-SHA256"),
        AuthorizationError::MissingField {
            field: Field::Credential
        }
    );
    assert_eq!(
        parse_err(&format!("TC3-HMAC-SHA256 {cred}, {signature}")),
        AuthorizationError::MissingField {
            field: Field::SignedHeaders
        }
    );
    assert_eq!(
        parse_err(&format!("TC3-HMAC-SHA256 {cred}, {signed}")),
        AuthorizationError::MissingField {
            field: Field::Signature
        }
    );
    assert_eq!(
        parse_err(&format!(
            "TC3-HMAC-SHA256 {cred}, {signed}, {signature}, {cred}"
        )),
        AuthorizationError::DuplicateField {
            field: Field::Credential
        }
    );
    assert_eq!(
        parse_err(&format!(
            "TC3-HMAC-SHA256 {cred}, {signed}, {signature}, Nonce=1"
        )),
        AuthorizationError::UnknownField {
            name: "Nonce".to_owned()
        }
    );
    // Separators other than commas leave the other fields unseen.
    for separator in [" ", "; "] {
        assert_eq!(
            parse_err(&format!(
                "TC3-HMAC-SHA256 {cred}{separator}{signed}{separator}{signature}"
            )),
            AuthorizationError::MissingField {
                field: Field::SignedHeaders
            }
        );
    }
    assert_eq!(
        parse_err(&format!("TC3-HMAC-SHA256 {cred}, {signed}, {signature},")),
        AuthorizationError::MalformedField {
            part: String::new()
        }
    );
    assert_eq!(
        parse_err(&format!(
            "TC3-HMAC-SHA256 {cred}, content-type;host, {signature}"
        )),
        AuthorizationError::MalformedField {
            part: "content-type;host".to_owned()
        }
    );

    let credential = |c: &str| match parse_err(&format!(
        "TC3-HMAC-SHA256 Credential={c}, {signed}, {signature}"
    )) {
        AuthorizationError::MalformedCredential { reason, .. } => reason,
        other => panic!("{c}: {other:?}"),
    };
    assert_eq!(
        credential("AKID/2023-11-14/tcr"),
        CredentialProblem::WrongShape
    );
    assert_eq!(credential(""), CredentialProblem::WrongShape);
    assert_eq!(
        credential("/2023-11-14/tcr/tc3_request"),
        CredentialProblem::EmptySecretId
    );
    assert_eq!(
        credential("AKID/20231114/tcr/tc3_request"),
        CredentialProblem::InvalidDate
    );
    assert_eq!(
        credential("AKID/2023-02-30/tcr/tc3_request"),
        CredentialProblem::InvalidDate
    );
    assert_eq!(
        credential("AKID/2023-11-14//tc3_request"),
        CredentialProblem::EmptyService
    );
    assert_eq!(
        credential("AKID/2023-11-14/tcr/aws4_request"),
        CredentialProblem::WrongTerminator
    );

    let headers = |h: &str| {
        parse_err(&format!(
            "TC3-HMAC-SHA256 {cred}, SignedHeaders={h}, {signature}"
        ))
    };
    assert_eq!(
        headers(""),
        AuthorizationError::InvalidSignedHeader {
            name: String::new()
        }
    );
    assert_eq!(
        headers("content-type;;host"),
        AuthorizationError::InvalidSignedHeader {
            name: String::new()
        }
    );
    assert_eq!(
        headers("Content-Type;host"),
        AuthorizationError::InvalidSignedHeader {
            name: "Content-Type".to_owned()
        }
    );
    assert_eq!(
        headers("content-type;host;host"),
        AuthorizationError::DuplicateSignedHeader {
            name: "host".to_owned()
        }
    );
    assert_eq!(
        headers("host;x-tc-action"),
        AuthorizationError::RequiredHeaderNotSigned {
            name: "content-type"
        }
    );
    assert_eq!(
        headers("content-type"),
        AuthorizationError::RequiredHeaderNotSigned { name: "host" }
    );

    let sig = |s: &str| parse_err(&format!("TC3-HMAC-SHA256 {cred}, {signed}, Signature={s}"));
    assert_eq!(
        sig(""),
        AuthorizationError::MalformedSignature {
            found: String::new()
        }
    );
    assert_eq!(
        sig(&SIG[..63]),
        AuthorizationError::MalformedSignature {
            found: SIG[..63].to_owned()
        }
    );
    assert!(matches!(
        sig(&SIG.replace('7', "g")),
        AuthorizationError::MalformedSignature { .. }
    ));

    // Messages say what is wrong.
    let message = headers("host;x-tc-action").to_string();
    assert_eq!(message, "SignedHeaders must include `content-type`");
    let message = parse_err(&format!(
        "TC3-HMAC-SHA256 Credential=AKID/2023-11-14/tcr/aws4_request, {signed}, {signature}"
    ))
    .to_string();
    assert_eq!(
        message,
        "malformed Credential `AKID/2023-11-14/tcr/aws4_request`: the last part must be tc3_request"
    );
}

#[test]
fn constant_time_signature_comparison() {
    assert!(signatures_match(SIG, SIG));
    assert!(signatures_match(SIG, &SIG.to_uppercase()));
    let mut flipped = SIG.as_bytes().to_vec();
    flipped[63] = b'4';
    assert!(!signatures_match(
        SIG,
        std::str::from_utf8(&flipped).unwrap()
    ));
    assert!(!signatures_match(SIG, &SIG[..62]));
    assert!(!signatures_match("", ""));
    assert!(!signatures_match(&"z".repeat(64), &"z".repeat(64)));
}

#[test]
fn any_timestamp_signs_without_panicking() {
    let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE");
    for (timestamp, date) in [
        (-1, "1969-12-31"),
        (0, "1970-01-01"),
        (253_402_300_799, "9999-12-31"),
        (253_402_300_800, "10000-01-01"),
        (i64::MAX, "292277026596-12-04"),
        (i64::MIN, "-292277022657-01-27"),
    ] {
        let input = SigningInput {
            timestamp,
            ..vector_1()
        };
        let signed = signer.sign(&input);
        assert_eq!(signed.date(), date);
        assert_eq!(signed, sign("AKIDEXAMPLE", "SECRETEXAMPLE", &input));
        assert!(
            signed
                .string_to_sign()
                .starts_with(&format!("TC3-HMAC-SHA256\n{timestamp}\n{date}/tcr/"))
        );
    }
}
