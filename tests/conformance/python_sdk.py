#!/usr/bin/env python3
"""The TCR emulator, driven by Tencent's official Python SDK (tencentcloud-sdk-python-tcr, and
the common package's `CommonClient` for STS, whose own package is not published for 3.1).

Usage: python_sdk.py PATH/TO/tcr-emulator

Starts the emulator with `--listen 127.0.0.1:0`, reads the port from its first line
(`listening on http://127.0.0.1:PORT`), points the SDK at it with
`HttpProfile(protocol="http", endpoint="127.0.0.1:PORT")`, runs the checks below, and stops the
emulator whatever happens. The last line printed is `N passed, M failed`; the exit status is 1
when anything failed.
"""

import datetime
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.tcr.v20190924 import models, tcr_client

SECRET_ID = "AKIDconformance"
SECRET_KEY = "conformance-secret-key"
REGISTRY = "tcr-conf0001"
REGION = "ap-guangzhou"
ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
ROLE_ARN = "qcs::cam::uin/100000000001:roleName/conformance"
OIDC_PROVIDER = "conformance-oidc"
OIDC_TOKEN = "conformance-pod-token"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# The emulator is on loopback: never send its traffic through a proxy from the environment.
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"


def start_emulator(binary, log):
    """Starts the emulator; returns the process and its `host:port`."""
    process = subprocess.Popen(
        [
            binary, "--listen", "127.0.0.1:0", "--credentials", f"{SECRET_ID}:{SECRET_KEY}",
            "--web-identity", f"{OIDC_PROVIDER}:{OIDC_TOKEN}",
        ],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    lines = queue.Queue()

    def read():
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        first = lines.get(timeout=60)
    except queue.Empty:
        raise RuntimeError("the emulator printed nothing within 60 seconds")
    match = re.match(r"^listening on http://(127\.0\.0\.1:\d+)$", first.strip())
    if not match:
        raise RuntimeError(f"unexpected first line from the emulator: {first!r}")
    return process, match.group(1)


def stop_emulator(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def profile(host):
    return ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=host, reqTimeout=10))


def client(host, secret_id=SECRET_ID, secret_key=SECRET_KEY, region=REGION, token=None):
    return tcr_client.TcrClient(
        credential.Credential(secret_id, secret_key, token), region, profile(host)
    )


def sts(host, signing):
    """STS 2018-08-13 through the SDK's generic client; `signing` is a Credential or None."""
    return CommonClient("sts", "2018-08-13", signing, REGION, profile(host))


def model(name, **fields):
    """A request model of the SDK with these fields set."""
    request = getattr(models, name)()
    for key, value in fields.items():
        setattr(request, key, value)
    return request


def create_request(name, **fields):
    request = models.CreateServiceAccountRequest()
    permission = models.Permission()
    permission.Resource = "ns1"
    permission.Actions = ["tcr:PushRepository", "tcr:PullRepository"]
    request.RegistryId = REGISTRY
    request.Name = name
    request.Permissions = [permission]
    for key, value in fields.items():
        setattr(request, key, value)
    return request


def modify_request(name, random, password=None):
    request = models.ModifyServiceAccountPasswordRequest()
    request.RegistryId = REGISTRY
    request.Name = name
    request.Random = random
    if password is not None:
        request.Password = password
    return request


def expect_error(code, call):
    """Runs `call`, which must raise the SDK's exception with `code`; returns the exception."""
    try:
        call()
    except TencentCloudSDKException as error:
        assert error.get_code() == code, f"expected {code}, got {error.get_code()}: {error}"
        assert UUID.match(error.get_request_id() or ""), error.get_request_id()
        return error
    raise AssertionError(f"expected {code}, the call succeeded")


def control(host, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://{host}{path}", data=data, method=method,
        headers={"Content-Type": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as answer:
        return json.loads(answer.read())


def checks(host):
    tcr = client(host)
    state = {}

    def create_service_account():
        before = int(time.time() * 1000)
        answer = tcr.CreateServiceAccount(
            create_request("conformance", Description="official SDK", Duration=30, Disable=False)
        )
        assert answer.Name == "tcr$conformance", answer.Name
        assert isinstance(answer.Password, str) and len(answer.Password) == 32, answer.Password
        thirty_days = 30 * 86_400_000
        assert before + thirty_days <= answer.ExpiresAt <= before + thirty_days + 60_000, answer.ExpiresAt
        assert ISO_8601.match(answer.CreateTime), answer.CreateTime
        assert UUID.match(answer.RequestId), answer.RequestId
        state["password"] = answer.Password

    def create_without_expiry():
        answer = tcr.CreateServiceAccount(create_request("forever", Duration=0, ExpiresAt=0, Disable=True))
        assert answer.Name == "tcr$forever", answer.Name
        assert answer.ExpiresAt == 0, answer.ExpiresAt

    def duplicate_name_is_failed_operation():
        expect_error("FailedOperation", lambda: tcr.CreateServiceAccount(create_request("conformance")))

    def modify_password_random():
        answer = tcr.ModifyServiceAccountPassword(modify_request("conformance", True))
        assert len(answer.Password) == 32, answer.Password
        assert answer.Password != state["password"]
        assert UUID.match(answer.RequestId), answer.RequestId

    def modify_password_custom():
        answer = tcr.ModifyServiceAccountPassword(modify_request("tcr$conformance", False, "NewPass123"))
        assert answer.Password == "NewPass123", answer.Password

    def bad_password_is_invalid_parameter():
        error = expect_error(
            "InvalidParameter",
            lambda: tcr.ModifyServiceAccountPassword(modify_request("conformance", False, "lowercase1")),
        )
        assert "Password" in error.get_message() and "uppercase" in error.get_message(), error.get_message()
        assert "lowercase1" not in error.get_message()

    def missing_password_is_missing_parameter():
        expect_error(
            "MissingParameter",
            lambda: tcr.ModifyServiceAccountPassword(modify_request("conformance", False)),
        )

    def unknown_account_is_resource_not_found():
        expect_error(
            "ResourceNotFound",
            lambda: tcr.ModifyServiceAccountPassword(modify_request("ghost", True)),
        )

    def wrong_secret_key_is_signature_failure():
        wrong = client(host, secret_key="not-the-key")
        expect_error("AuthFailure.SignatureFailure", lambda: wrong.CreateServiceAccount(create_request("x")))

    def unknown_secret_id_is_secret_id_not_found():
        unknown = client(host, secret_id="AKIDunknown")
        expect_error("AuthFailure.SecretIdNotFound", lambda: unknown.CreateServiceAccount(create_request("x")))

    def fault_ordered_over_the_control_path():
        control(host, "POST", "/_emulator/faults",
                {"action": "CreateServiceAccount", "kind": "error", "code": "InternalError"})
        expect_error("InternalError", lambda: tcr.CreateServiceAccount(create_request("faulty")))
        tcr.CreateServiceAccount(create_request("faulty"))

    def resources_instance_to_token():
        created = tcr.CreateInstance(model("CreateInstanceRequest", RegistryName="conformance", RegistryType="basic"))
        registry = created.RegistryId
        assert re.match(r"^tcr-[a-z0-9]{8}$", registry), registry
        status = tcr.DescribeInstanceStatus(model("DescribeInstanceStatusRequest", RegistryIds=[registry]))
        assert status.RegistryStatusSet[0].Status == "Pending", status.RegistryStatusSet[0].Status
        expect_error(
            "ResourceInsufficient",
            lambda: tcr.CreateNamespace(
                model("CreateNamespaceRequest", RegistryId=registry, NamespaceName="apps", IsPublic=False)
            ),
        )
        control(host, "POST", "/_emulator/clock", {"advance_seconds": 60})
        tcr.CreateNamespace(model("CreateNamespaceRequest", RegistryId=registry, NamespaceName="apps", IsPublic=False))
        tcr.CreateRepository(model(
            "CreateRepositoryRequest", RegistryId=registry, NamespaceName="apps", RepositoryName="web"
        ))
        permission = models.Permission()
        permission.Resource = "apps"
        permission.Actions = ["tcr:PushRepository"]
        robot = tcr.CreateServiceAccount(model(
            "CreateServiceAccountRequest", RegistryId=registry, Name="pusher", Permissions=[permission]
        ))
        assert robot.Name == "tcr$pusher", robot.Name
        token = tcr.CreateInstanceToken(model(
            "CreateInstanceTokenRequest", RegistryId=registry, TokenType="longterm", Desc="ci"
        ))
        assert token.TokenId and token.Token and token.Username, token
        control(host, "POST", "/_emulator/images", {
            "RegistryId": registry, "NamespaceName": "apps", "RepositoryName": "web", "ImageVersion": "1.0",
        })
        images = tcr.DescribeImages(model(
            "DescribeImagesRequest", RegistryId=registry, NamespaceName="apps", RepositoryName="web"
        ))
        assert [i.ImageVersion for i in images.ImageInfoList] == ["1.0"], images
        repositories = tcr.DescribeRepositories(model("DescribeRepositoriesRequest", RegistryId=registry))
        assert [r.Name for r in repositories.RepositoryList] == ["apps/web"], repositories
        tokens = tcr.DescribeInstanceToken(model("DescribeInstanceTokenRequest", RegistryId=registry))
        assert [t.Id for t in tokens.Tokens] == [token.TokenId], tokens
        expect_error(
            "FailedOperation",
            lambda: tcr.DeleteNamespace(model("DeleteNamespaceRequest", RegistryId=registry, NamespaceName="apps")),
        )
        # Another region does not see the instance.
        beijing = client(host, region="ap-beijing")
        expect_error(
            "ResourceNotFound",
            lambda: beijing.DescribeNamespaces(model("DescribeNamespacesRequest", RegistryId=registry)),
        )
        tcr.DeleteInstance(model("DeleteInstanceRequest", RegistryId=registry))
        expect_error(
            "ResourceNotFound",
            lambda: tcr.DescribeNamespaces(model("DescribeNamespacesRequest", RegistryId=registry)),
        )

    def resources_listed_modified_and_deleted():
        created = tcr.CreateInstance(model("CreateInstanceRequest", RegistryName="lifecycle", RegistryType="basic"))
        registry = created.RegistryId
        control(host, "POST", "/_emulator/clock", {"advance_seconds": 60})
        listed = tcr.DescribeInstances(model("DescribeInstancesRequest", Registryids=[registry]))
        assert [r.RegistryId for r in listed.Registries] == [registry], listed
        assert listed.Registries[0].Status == "Running", listed.Registries[0].Status

        tcr.CreateNamespace(model("CreateNamespaceRequest", RegistryId=registry, NamespaceName="team", IsPublic=False))
        tcr.ModifyNamespace(model("ModifyNamespaceRequest", RegistryId=registry, NamespaceName="team", IsPublic=True))
        namespaces = tcr.DescribeNamespaces(model("DescribeNamespacesRequest", RegistryId=registry))
        assert [(n.Name, n.Public) for n in namespaces.NamespaceList] == [("team", True)], namespaces

        tcr.CreateRepository(model(
            "CreateRepositoryRequest", RegistryId=registry, NamespaceName="team", RepositoryName="api"
        ))
        tcr.ModifyRepository(model(
            "ModifyRepositoryRequest", RegistryId=registry, NamespaceName="team", RepositoryName="api",
            BriefDescription="the API", Description="built by CI",
        ))
        repositories = tcr.DescribeRepositories(model("DescribeRepositoriesRequest", RegistryId=registry))
        assert [(r.Name, r.BriefDescription) for r in repositories.RepositoryList] == [("team/api", "the API")], \
            repositories

        control(host, "POST", "/_emulator/images", {
            "RegistryId": registry, "NamespaceName": "team", "RepositoryName": "api", "ImageVersion": "2.0",
        })
        tcr.DeleteImage(model(
            "DeleteImageRequest", RegistryId=registry, NamespaceName="team", RepositoryName="api", ImageVersion="2.0"
        ))
        images = tcr.DescribeImages(model(
            "DescribeImagesRequest", RegistryId=registry, NamespaceName="team", RepositoryName="api"
        ))
        assert images.ImageInfoList == [], images

        token = tcr.CreateInstanceToken(model(
            "CreateInstanceTokenRequest", RegistryId=registry, TokenType="longterm", Desc="deploy"
        ))
        tcr.ModifyInstanceToken(model(
            "ModifyInstanceTokenRequest", RegistryId=registry, TokenId=token.TokenId, Enable=False
        ))
        tokens = tcr.DescribeInstanceToken(model("DescribeInstanceTokenRequest", RegistryId=registry))
        assert [(t.Id, t.Enabled) for t in tokens.Tokens] == [(token.TokenId, False)], tokens
        tcr.DeleteInstanceToken(model("DeleteInstanceTokenRequest", RegistryId=registry, TokenId=token.TokenId))
        tokens = tcr.DescribeInstanceToken(model("DescribeInstanceTokenRequest", RegistryId=registry))
        assert tokens.Tokens == [], tokens

        permission = models.Permission()
        permission.Resource = "team"
        permission.Actions = ["tcr:PullRepository"]
        tcr.CreateServiceAccount(model(
            "CreateServiceAccountRequest", RegistryId=registry, Name="reader", Permissions=[permission]
        ))
        tcr.ModifyServiceAccount(model(
            "ModifyServiceAccountRequest", RegistryId=registry, Name="tcr$reader", Description="reads team/*"
        ))
        accounts = tcr.DescribeServiceAccounts(model("DescribeServiceAccountsRequest", RegistryId=registry))
        assert [(a.Name, a.Description) for a in accounts.ServiceAccounts] == [("tcr$reader", "reads team/*")], \
            accounts
        tcr.DeleteServiceAccount(model("DeleteServiceAccountRequest", RegistryId=registry, Name="tcr$reader"))
        accounts = tcr.DescribeServiceAccounts(model("DescribeServiceAccountsRequest", RegistryId=registry))
        assert accounts.ServiceAccounts == [], accounts

        tcr.DeleteRepository(model(
            "DeleteRepositoryRequest", RegistryId=registry, NamespaceName="team", RepositoryName="api"
        ))
        tcr.DeleteNamespace(model("DeleteNamespaceRequest", RegistryId=registry, NamespaceName="team"))
        namespaces = tcr.DescribeNamespaces(model("DescribeNamespacesRequest", RegistryId=registry))
        assert namespaces.NamespaceList == [], namespaces
        tcr.DeleteInstance(model("DeleteInstanceRequest", RegistryId=registry))

    def temporary_credentials_from_sts_sign_tcr_calls():
        answer = sts(host, credential.Credential(SECRET_ID, SECRET_KEY)).call_json(
            "AssumeRole",
            {"RoleArn": ROLE_ARN, "RoleSessionName": "sdk", "DurationSeconds": 900},
        )["Response"]
        issued = answer["Credentials"]
        assert issued["TmpSecretId"] != SECRET_ID, issued
        assert issued["Token"], issued
        # Both forms of the expiry say the same instant (the emulator's clock may run ahead of
        # this one: earlier checks advanced it).
        expiration = datetime.datetime.strptime(answer["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
        expiration = expiration.replace(tzinfo=datetime.timezone.utc)
        assert int(expiration.timestamp()) == answer["ExpiredTime"], answer
        assert UUID.match(answer["RequestId"]), answer["RequestId"]
        # The role is of the same account: the temporary keys see its service accounts.
        temporary = client(host, issued["TmpSecretId"], issued["TmpSecretKey"], token=issued["Token"])
        accounts = temporary.DescribeServiceAccounts(
            model("DescribeServiceAccountsRequest", RegistryId=REGISTRY)
        )
        assert "tcr$conformance" in [a.Name for a in accounts.ServiceAccounts], accounts
        # The SDK sends the token in X-TC-Token; a wrong one is refused.
        forged = client(host, issued["TmpSecretId"], issued["TmpSecretKey"], token="not-the-token")
        expect_error(
            "AuthFailure.TokenFailure",
            lambda: forged.DescribeServiceAccounts(
                model("DescribeServiceAccountsRequest", RegistryId=REGISTRY)
            ),
        )

    def web_identity_is_exchanged_unsigned():
        answer = sts(host, None).call_json(
            "AssumeRoleWithWebIdentity",
            {
                "ProviderId": OIDC_PROVIDER,
                "WebIdentityToken": OIDC_TOKEN,
                "RoleArn": ROLE_ARN,
                "RoleSessionName": "pod",
            },
            options={"SkipSign": True},
        )["Response"]
        issued = answer["Credentials"]
        temporary = client(host, issued["TmpSecretId"], issued["TmpSecretKey"], token=issued["Token"])
        temporary.DescribeServiceAccounts(model("DescribeServiceAccountsRequest", RegistryId=REGISTRY))
        expect_error(
            "InvalidParameter.WebIdentityTokenError",
            lambda: sts(host, None).call_json(
                "AssumeRoleWithWebIdentity",
                {
                    "ProviderId": OIDC_PROVIDER,
                    "WebIdentityToken": "someone-else",
                    "RoleArn": ROLE_ARN,
                    "RoleSessionName": "pod",
                },
                options={"SkipSign": True},
            ),
        )

    def state_over_the_control_path():
        accounts = control(host, "GET", f"/_emulator/registries/{REGISTRY}/accounts")
        names = [account["Name"] for account in accounts]
        assert names == ["tcr$conformance", "tcr$forever", "tcr$faulty"], names
        assert all("Password" not in account for account in accounts)

    return [
        create_service_account,
        create_without_expiry,
        duplicate_name_is_failed_operation,
        modify_password_random,
        modify_password_custom,
        bad_password_is_invalid_parameter,
        missing_password_is_missing_parameter,
        unknown_account_is_resource_not_found,
        wrong_secret_key_is_signature_failure,
        unknown_secret_id_is_secret_id_not_found,
        fault_ordered_over_the_control_path,
        resources_instance_to_token,
        resources_listed_modified_and_deleted,
        temporary_credentials_from_sts_sign_tcr_calls,
        web_identity_is_exchanged_unsigned,
        state_over_the_control_path,
    ]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    passed = failed = 0
    with tempfile.TemporaryFile(mode="w+") as log:
        process = None
        try:
            process, host = start_emulator(sys.argv[1], log)
            print(f"emulator at {host}")
            for check in checks(host):
                try:
                    check()
                    passed += 1
                    print(f"ok   {check.__name__}")
                except Exception:
                    failed += 1
                    print(f"FAIL {check.__name__}")
                    traceback.print_exc(file=sys.stdout)
        except Exception:
            failed += 1
            print("FAIL starting the emulator")
            traceback.print_exc(file=sys.stdout)
        finally:
            if process is not None:
                stop_emulator(process)
        if failed:
            log.seek(0)
            print("emulator log:\n" + log.read())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
