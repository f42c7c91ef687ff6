//! The answer flags in the generated types: a member the spec says is always present and never
//! `null` is a plain value, and an answer without it does not decode (the error names the
//! member and where it is missing); a member that may be `null` reads `null` as `None`.

use tcr_api::Error;
use tcr_api::actions::{
    CreateServiceAccountRequest, DescribeInternalEndpointsRequest, DescribeServiceAccountsRequest,
};
use tcr_api::client::decode_answer;

fn reason(error: Error) -> String {
    match error {
        Error::Decode(decode) => decode.reason,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn an_answer_without_an_always_present_member_does_not_decode() {
    let error = decode_answer::<CreateServiceAccountRequest>(
        200,
        br#"{"Response": {"Name": "tcr$robot", "Password": "Abcdefg1", "ExpiresAt": 0,
            "RequestId": "r1"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        reason(error),
        "`Response` does not fit CreateServiceAccount's answer: missing field `CreateTime` at `Response`"
    );
}

#[test]
fn a_missing_member_deep_in_an_answer_is_named_with_its_path() {
    let account = r#"{"Name": "tcr$a", "Description": "", "Disable": false, "ExpiresAt": 0,
        "CreateTime": "2024-02-26T10:00:00+08:00", "UpdateTime": "2024-02-26T10:00:00+08:00",
        "Permissions": [{"Resource": "apps", "Actions": ["tcr:PullRepository"]}]}"#;
    let without_description = account.replace(r#""Description": "", "#, "");
    let body = format!(
        r#"{{"Response": {{
            "ServiceAccounts": [{account}, {without_description}],
            "TotalCount": 2,
            "RequestId": "r2"
        }}}}"#
    );
    let error = decode_answer::<DescribeServiceAccountsRequest>(200, body.as_bytes()).unwrap_err();
    let shown = error.to_string();
    assert_eq!(
        reason(error),
        "`Response` does not fit DescribeServiceAccounts's answer: missing field `Description` at `Response.ServiceAccounts.1`"
    );
    assert!(shown.contains("missing field `Description`"), "{shown}");

    let body = format!(
        r#"{{"Response": {{"ServiceAccounts": [{account}], "TotalCount": 1, "RequestId": "r3"}}}}"#
    );
    let page = decode_answer::<DescribeServiceAccountsRequest>(200, body.as_bytes()).unwrap();
    assert_eq!(page.total_count, 1);
    assert_eq!(page.service_accounts[0].description, "");
    assert_eq!(page.service_accounts[0].permissions[0].resource, "apps");

    let with_null = body.replace(r#""Disable": false"#, r#""Disable": null"#);
    let error =
        decode_answer::<DescribeServiceAccountsRequest>(200, with_null.as_bytes()).unwrap_err();
    assert_eq!(
        reason(error),
        "`Response` does not fit DescribeServiceAccounts's answer: invalid type: null, expected a boolean at `Response.ServiceAccounts.0.Disable`",
        "never null means a null does not fit either"
    );
}

#[test]
fn a_member_that_may_be_null_reads_null_as_none() {
    let answer = decode_answer::<DescribeInternalEndpointsRequest>(
        200,
        br#"{"Response": {"AccessVpcSet": null, "TotalCount": 0, "RequestId": "r4"}}"#,
    )
    .unwrap();
    assert_eq!(answer.access_vpc_set, None);
    assert_eq!(answer.total_count, 0);
    let error = decode_answer::<DescribeInternalEndpointsRequest>(
        200,
        br#"{"Response": {"AccessVpcSet": [], "RequestId": "r5"}}"#,
    )
    .unwrap_err();
    assert!(
        reason(error).contains("missing field `TotalCount` at `Response`"),
        "always present, never null: required to decode"
    );
}
