tcr_macros::api!(mod ping from "specs/valid");

use tencentcloud_runtime::validation::Validate;

fn main() {
    let request = ping::actions::PingRequest::builder().message("hi").build().unwrap();
    request.validate().unwrap();
    let too_long = ping::actions::PingRequest::builder().message("hello").build().unwrap();
    assert_eq!(too_long.validate().unwrap_err().to_string(), "Message: must be at most 4 characters long");
    let _client: ping::client::Client = ping::client::Client::builder().build().unwrap();
}
