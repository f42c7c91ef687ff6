//! The generated crate under the names `codegen/tests/names.rs` pins: if a Rust name of a
//! keyword field, an acronym, a near-duplicate wire name or a `UInt64` member changes, this
//! file stops compiling. Builders' `set_…` methods take `Option<T>` whether the field is
//! plain or optional, so they pin both the name and (for `UInt64`) the `u64` type.

use tcr_api::actions::{
    CheckInstanceResponse, CreateGCJobRequest, CreateImageAccelerationServiceRequest,
    CreateInstanceRequest, CreateInternalEndpointDnsRequest, CreateNamespaceRequest,
    CreateReplicationInstanceRequest, CreateRepositoryPersonalRequest,
    CreateTagRetentionExecutionRequest, DeleteReplicationInstanceRequest,
    DeleteWebhookTriggerRequest, DescribeChartDownloadInfoResponse,
    DescribeImageAccelerateServiceResponse, DescribeInstanceStatusRequest,
    DescribeInstancesRequest, DescribeRegionsResponse, DescribeReplicationExecutionsRequest,
    DescribeReplicationInstanceCreateTasksRequest, DescribeReplicationInstanceSyncStatusRequest,
    DescribeReplicationTasksRequest, DescribeSkillDownloadInfoResponse, DuplicateImageRequest,
    ManageImageLifecycleGlobalPersonalRequest, ManageInternalEndpointRequest,
    ManageReplicationRequest,
};
use tcr_api::types::{
    AutoDelStrategyInfo, CVEWhitelistItem, GCJobInfo, GCParameters, Limit, ModifyReplicationRule,
    PolicyFilter, Region, Registry, RegistryCondition, ReplicationExecution, ReplicationFilter,
    ReplicationPolicyInfo, ReplicationRegistry, ReplicationRule, ReplicationTask, Schedule,
    TagInfo, TaskDetail, TcrNamespaceInfo, VpcAndDomainInfo,
};

#[test]
fn keyword_fields_are_raw_identifiers_with_plain_set_methods() {
    let _ = DuplicateImageRequest::builder().set_override(None);
    let _ = ManageImageLifecycleGlobalPersonalRequest::builder().set_type(None);
    let _ = AutoDelStrategyInfo::builder().set_type(None);
    let _ = Limit::builder().set_type(None);
    let _ = ModifyReplicationRule::builder().set_override(None);
    let _ = PolicyFilter::builder().set_type(None);
    let _ = RegistryCondition::builder().set_type(None);
    let _ = ReplicationFilter::builder().set_type(None);
    let _ = ReplicationPolicyInfo::builder().set_override(None);
    let _ = ReplicationRule::builder().set_override(None);
    let _ = Schedule::builder().set_type(None);
    let _ = Limit::builder().r#type("keep_last_days");
    let _ = ReplicationRule::builder().r#override(true);
    let read = |limit: &Limit, rule: &ReplicationRule| (limit.r#type.clone(), rule.r#override);
    let _ = read;
}

#[test]
fn acronyms() {
    let _ = CreateGCJobRequest::builder().set_gc_parameters(None);
    let _ = CreateImageAccelerationServiceRequest::builder().set_p_group_id(None);
    let _ = CreateInstanceRequest::builder().set_enable_cos_maz(None);
    let _ = CreateInternalEndpointDnsRequest::builder().set_eni_lb_ip(None);
    let _ = CreateNamespaceRequest::builder()
        .set_is_prevent_vul(None)
        .set_cve_whitelist_items(None);
    let _ = DescribeChartDownloadInfoResponse::builder().set_pre_signed_download_url(None);
    let _ = DescribeSkillDownloadInfoResponse::builder().set_pre_signed_download_url(None);
    let _ = DescribeImageAccelerateServiceResponse::builder().set_cfsvip(None);
    let _ = CVEWhitelistItem::builder().set_cveid(None);
    let _ = GCJobInfo::builder().set_id(None);
    let _ = GCParameters::builder().set_dry_run(None);
    let _ = Registry::builder()
        .set_ai_feature(None)
        .set_enable_cos_maz(None);
    let _ = ReplicationExecution::builder()
        .set_execution_id(None)
        .set_policy_id(None);
    let _ = ReplicationTask::builder().set_job_id(None);
    let _ = TagInfo::builder().set_os(None);
    let _ = TaskDetail::builder().set_task_uuid(None);
    let _ = TcrNamespaceInfo::builder()
        .set_cve_whitelist_items(None)
        .set_prevent_vul(None);
    let _ = VpcAndDomainInfo::builder().set_eni_lb_ip(None);
}

#[test]
fn near_duplicate_wire_names() {
    let _ = DescribeInstanceStatusRequest::builder().set_registry_ids(None);
    let _ = DescribeInstancesRequest::builder().set_registry_ids(None);
    let _ = CreateTagRetentionExecutionRequest::builder().set_dry_run(None);
    let _ = GCParameters::builder().set_dry_run(None);
    let _ = DeleteWebhookTriggerRequest::builder().set_id(None);
    let _ = ReplicationPolicyInfo::builder().set_id(None);
    let _ = DescribeReplicationExecutionsRequest::builder().set_policy_id(None);
    let _ = DescribeReplicationTasksRequest::builder().set_execution_id(None);
}

#[test]
fn uint64_members_are_u64() {
    let max = Some(u64::MAX);
    let _ = CheckInstanceResponse::builder().set_region_id(max);
    let _ = CreateInternalEndpointDnsRequest::builder().set_region_id(max);
    let _ = CreateReplicationInstanceRequest::builder().set_replication_region_id(max);
    let _ = CreateRepositoryPersonalRequest::builder().set_public(max);
    let _ = DeleteReplicationInstanceRequest::builder().set_replication_region_id(max);
    let _ = DescribeRegionsResponse::builder().set_total_count(max);
    let _ = DescribeReplicationInstanceCreateTasksRequest::builder().set_replication_region_id(max);
    let _ = DescribeReplicationInstanceSyncStatusRequest::builder().set_replication_region_id(max);
    let _ = ManageInternalEndpointRequest::builder().set_region_id(max);
    let _ = ManageReplicationRequest::builder().set_destination_region_id(max);
    let _ = Region::builder().set_region_id(max);
    let _ = Registry::builder()
        .set_region_id(max)
        .set_token_valid_time(max);
    let _ = ReplicationRegistry::builder().set_replication_region_id(max);
}
