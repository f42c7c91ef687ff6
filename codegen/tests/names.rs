//! The Rust names the generator gives the real `api-spec/` where Tencent's names are awkward,
//! pinned: Rust keywords, runs of capitals (acronyms), the same word spelt differently in
//! different places, and every `UInt64` member (a `u64`). Each list is found by scanning the
//! spec and compared whole, so a name that changes, or a new name of one of these kinds, fails
//! here and is then decided on purpose (with `rust_name` in the spec, or by changing the
//! generator's rule and this list together). `tcr-api/tests/names.rs` uses the same names in
//! code, so the generated crate is held to them too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tcr_codegen::ir::{Api, FieldIr, Scalar, TypeIr, TypeRef};

fn api() -> Api {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    tcr_codegen::load_dir(&dir, "api-spec").unwrap_or_else(|d| panic!("{}", d.render()))
}

/// Every field of the spec with the Rust structure it belongs to: requests and answers in
/// action order, then the data types.
fn fields(api: &Api) -> Vec<(String, &FieldIr)> {
    let mut out = Vec::new();
    for action in &api.actions {
        out.extend(
            action
                .input
                .iter()
                .map(|f| (format!("{}Request", action.name), f)),
        );
        out.extend(
            action
                .output
                .iter()
                .map(|f| (format!("{}Response", action.name), f)),
        );
    }
    for t in &api.types {
        if let TypeIr::Struct(s) = t {
            out.extend(s.fields.iter().map(|f| (s.name.clone(), f)));
        }
    }
    out
}

/// `Owner.Wire -> rust` for each field `keep` selects.
fn names(api: &Api, keep: impl Fn(&FieldIr) -> bool) -> Vec<String> {
    fields(api)
        .into_iter()
        .filter(|(_, f)| keep(f))
        .map(|(owner, f)| format!("{owner}.{} -> {}", f.wire, f.rust))
        .collect()
}

fn has_capital_run(name: &str) -> bool {
    name.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
}

#[test]
fn keyword_fields_are_raw_identifiers() {
    assert_eq!(
        names(&api(), |f| f.rust.starts_with("r#")),
        [
            "DuplicateImageRequest.Override -> r#override",
            "ManageImageLifecycleGlobalPersonalRequest.Type -> r#type",
            "AutoDelStrategyInfo.Type -> r#type",
            "Limit.Type -> r#type",
            "ModifyReplicationRule.Override -> r#override",
            "PolicyFilter.Type -> r#type",
            "RegistryCondition.Type -> r#type",
            "ReplicationFilter.Type -> r#type",
            "ReplicationPolicyInfo.Override -> r#override",
            "ReplicationRule.Override -> r#override",
            "Schedule.Type -> r#type",
        ]
    );
}

#[test]
fn acronyms_become_one_snake_case_word_each() {
    assert_eq!(
        names(&api(), |f| has_capital_run(&f.wire)),
        [
            "CreateGCJobRequest.GCParameters -> gc_parameters",
            "CreateImageAccelerationServiceRequest.PGroupId -> p_group_id",
            "CreateInstanceRequest.EnableCosMAZ -> enable_cos_maz",
            "CreateInternalEndpointDnsRequest.EniLBIp -> eni_lb_ip",
            "CreateNamespaceRequest.IsPreventVUL -> is_prevent_vul",
            "CreateNamespaceRequest.CVEWhitelistItems -> cve_whitelist_items",
            "DeleteInternalEndpointDnsRequest.EniLBIp -> eni_lb_ip",
            "DescribeChartDownloadInfoResponse.PreSignedDownloadURL -> pre_signed_download_url",
            "DescribeImageAccelerateServiceResponse.CFSVIP -> cfsvip",
            "DescribeSkillDownloadInfoResponse.PreSignedDownloadURL -> pre_signed_download_url",
            "ModifyNamespaceRequest.IsPreventVUL -> is_prevent_vul",
            "ModifyNamespaceRequest.CVEWhitelistItems -> cve_whitelist_items",
            "CVEWhitelistItem.CVEID -> cveid",
            "GCJobInfo.ID -> id",
            "Registry.AIFeature -> ai_feature",
            "Registry.EnableCosMAZ -> enable_cos_maz",
            "ReplicationExecution.ExecutionID -> execution_id",
            "ReplicationExecution.PolicyID -> policy_id",
            "ReplicationPolicyInfo.ID -> id",
            "ReplicationTask.JobID -> job_id",
            "TagInfo.OS -> os",
            "TaskDetail.TaskUUID -> task_uuid",
            "TcrNamespaceInfo.CVEWhitelistItems -> cve_whitelist_items",
            "TcrNamespaceInfo.PreventVUL -> prevent_vul",
            "VpcAndDomainInfo.EniLBIp -> eni_lb_ip",
        ]
    );
}

#[test]
fn type_and_action_names_with_acronyms_keep_their_spelling_and_get_snake_modules() {
    let api = api();
    let files = tcr_codegen::generate(&api, "api-spec").unwrap();
    let types: Vec<(&str, &str)> = api
        .types
        .iter()
        .map(|t| t.name())
        .filter(|name| has_capital_run(name))
        .map(|name| {
            let definition = format!("pub struct {name} {{");
            let path = files
                .iter()
                .find(|(path, text)| path.starts_with("types/") && text.contains(&definition))
                .map_or("(none)", |(path, _)| path.as_str());
            (name, path)
        })
        .collect();
    assert_eq!(
        types,
        [
            ("CVEWhitelistItem", "types/cve_whitelist_item.rs"),
            ("GCJobInfo", "types/gc_job_info.rs"),
            ("GCParameters", "types/gc_parameters.rs"),
        ]
    );
    let actions: Vec<(&str, &str)> = api
        .actions
        .iter()
        .filter(|a| has_capital_run(&a.name))
        .map(|a| (a.name.as_str(), a.module.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("CreateGCJob", "create_gc_job"),
            ("DeleteAIModel", "delete_ai_model"),
            (
                "DescribeAIModelVersionDetail",
                "describe_ai_model_version_detail"
            ),
            ("DescribeGCJobs", "describe_gc_jobs"),
            ("ListAIModelVersions", "list_ai_model_versions"),
            ("ListAIModels", "list_ai_models"),
            ("TerminateGCJob", "terminate_gc_job"),
        ]
    );
}

/// Wire names kept exactly as Tencent spells them, so the same word spelt two ways gets two
/// Rust names when snake case tells them apart (`Registryids`, `Dryrun`: one word to heck) and
/// one when it does not (`ID`/`Id`, `PolicyID`/`PolicyId`, `ExecutionID`/`ExecutionId`). No
/// structure holds two of a group (the checker refuses two fields with one Rust name).
#[test]
fn near_duplicate_wire_names_get_these_rust_names() {
    let api = api();
    let mut groups: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for (_, f) in fields(&api) {
        groups
            .entry(f.wire.to_lowercase())
            .or_default()
            .insert((f.wire.clone(), f.rust.clone()));
    }
    let spelt_differently: Vec<Vec<(String, String)>> = groups
        .into_values()
        .filter(|spellings| spellings.len() > 1)
        .map(|spellings| spellings.into_iter().collect())
        .collect();
    let pair = |wire: &str, rust: &str| (wire.to_owned(), rust.to_owned());
    assert_eq!(
        spelt_differently,
        [
            vec![pair("DryRun", "dry_run"), pair("Dryrun", "dry_run")],
            vec![
                pair("ExecutionID", "execution_id"),
                pair("ExecutionId", "execution_id")
            ],
            vec![pair("ID", "id"), pair("Id", "id")],
            vec![pair("PolicyID", "policy_id"), pair("PolicyId", "policy_id")],
            vec![
                pair("RegistryIds", "registry_ids"),
                pair("Registryids", "registry_ids")
            ],
        ]
    );
}

#[test]
fn every_uint64_member_is_a_u64() {
    let api = api();
    let unsigned = names(&api, |f| f.ty.element() == &TypeRef::Scalar(Scalar::UInt64));
    assert_eq!(
        unsigned,
        [
            "CheckInstanceResponse.RegionId -> region_id",
            "CreateInternalEndpointDnsRequest.RegionId -> region_id",
            "CreateReplicationInstanceRequest.ReplicationRegionId -> replication_region_id",
            "CreateRepositoryPersonalRequest.Public -> public",
            "DeleteReplicationInstanceRequest.ReplicationRegionId -> replication_region_id",
            "DescribeRegionsResponse.TotalCount -> total_count",
            "DescribeReplicationInstanceCreateTasksRequest.ReplicationRegionId -> replication_region_id",
            "DescribeReplicationInstanceSyncStatusRequest.ReplicationRegionId -> replication_region_id",
            "ManageInternalEndpointRequest.RegionId -> region_id",
            "ManageReplicationRequest.DestinationRegionId -> destination_region_id",
            "Region.RegionId -> region_id",
            "Registry.RegionId -> region_id",
            "Registry.TokenValidTime -> token_valid_time",
            "ReplicationRegistry.ReplicationRegionId -> replication_region_id",
        ]
    );
    // None is an array of them, and the generated code writes each as `u64`.
    assert!(
        fields(&api)
            .iter()
            .all(|(_, f)| f.ty.element() != &TypeRef::Scalar(Scalar::UInt64)
                || f.ty == TypeRef::Scalar(Scalar::UInt64))
    );
    let files = tcr_codegen::generate(&api, "api-spec").unwrap();
    let region = &files
        .iter()
        .find(|(path, _)| path == "types/region.rs")
        .unwrap()
        .1;
    assert!(region.contains("pub region_id: u64,"), "{region}");
}
