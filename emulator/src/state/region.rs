//! The regions the emulator serves, with Tencent's numeric region ids (`RegionId` in
//! `DescribeInstances`).

/// Region names and ids: the regions where TCR Enterprise Edition is sold.
const REGIONS: &[(&str, u32)] = &[
    ("ap-guangzhou", 1),
    ("ap-shanghai", 4),
    ("ap-hongkong", 5),
    ("na-toronto", 6),
    ("ap-shanghai-fsi", 7),
    ("ap-beijing", 8),
    ("ap-singapore", 9),
    ("ap-shenzhen-fsi", 11),
    ("ap-guangzhou-open", 12),
    ("na-siliconvalley", 15),
    ("ap-chengdu", 16),
    ("eu-frankfurt", 17),
    ("ap-seoul", 18),
    ("ap-chongqing", 19),
    ("ap-mumbai", 21),
    ("na-ashburn", 22),
    ("ap-bangkok", 23),
    ("eu-moscow", 24),
    ("ap-tokyo", 25),
    ("ap-nanjing", 33),
    ("ap-taipei", 39),
    ("ap-jakarta", 72),
    ("sa-saopaulo", 74),
];

/// The numeric id of the region `name`; `None` for a region TCR is not offered in.
pub(crate) fn region_id(name: &str) -> Option<u32> {
    REGIONS
        .iter()
        .find_map(|&(region, id)| (region == name).then_some(id))
}

/// Every region's name, for messages.
pub(crate) fn region_names() -> String {
    REGIONS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_known_regions_only() {
        assert_eq!(region_id("ap-guangzhou"), Some(1));
        assert_eq!(region_id("ap-beijing"), Some(8));
        assert_eq!(region_id("gz"), None);
        assert!(region_names().contains("ap-shanghai"));
    }
}
