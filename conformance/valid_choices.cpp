#include "conformance/valid_choices.hpp"

#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ringpool::conformance::valid {

namespace {

using S = ServerShape;

// ---- the alternatives of each choice (the first: the reference's) -----------------------------
// Each names, in one line, what a server that takes it does.

constexpr Alternative kCreateStatus[] = {{"201", "a create answers 201, an update 200", nullptr},
                                         {"200", "every create and update answers 200", [](S& s) { s.dialect.created_status = 200; }}};
constexpr Alternative kListOrder[] = {
    {"ascending-id", "lists ordered by id, ascending", nullptr},
    {"descending-id", "newest first", [](S& s) { s.dialect.list_order = api::ListOrder::DescendingId; }},
    {"by-id-from-network", "ordered by id_from_network", [](S& s) { s.answers.list_order = ListOrderFreedom::ByIdFromNetwork; }},
    {"rotated", "in an order of the server's own", [](S& s) { s.answers.list_order = ListOrderFreedom::Shuffled; }}};
constexpr Alternative kValidationErrors[] = {
    {"class-form", "{\"errors\":{\"class\":\"RecordInvalid\",\"invalid_data\":\"...\"}}", nullptr},
    {"per-field", "{\"errors\":{\"<field>\":[\"...\"]}} (the vendor's error page)",
     [](S& s) { s.dialect.validation_errors = api::ValidationErrorForm::PerField; }}};
constexpr Alternative kNonObjectBody[] = {{"400", "a body that is not a JSON object: 400 InvalidRequest", nullptr},
                                          {"403", "403, as any invalid input", [](S& s) { s.answers.non_object_body_403 = true; }}};
constexpr Alternative kUnknownNetwork[] = {{"401", "an unknown network id: 401 (ids cannot be probed)", nullptr},
                                           {"404", "404 RecordNotFound", [](S& s) { s.answers.unknown_network_404 = true; }}};
constexpr Alternative kBearer[] = {{"both", "Authorization: <token> and Authorization: Bearer <token>", nullptr},
                                   {"plain-only", "only the documents' Authorization: <token>",
                                    [](S& s) { s.dialect.accept_bearer_tokens = false; }},
                                   {"bearer-only", "only Authorization: Bearer <token> (preflight finds the form)",
                                    [](S& s) { s.dialect.accept_plain_tokens = false; }}};
constexpr Alternative kUpdates[] = {{"partial", "an update changes only the fields it gives", nullptr},
                                    {"replace", "an update replaces the settings (fields not given take their defaults)",
                                     [](S& s) { s.policy.partial_updates = false; }}};
constexpr Alternative kPutBodyId[] = {{"renames", "a PUT body's other id_from_network renames the pool", nullptr},
                                      {"ignored", "it is ignored (the URL's id stays)", [](S& s) { s.answers.put_body_id_ignored = true; }}};
constexpr Alternative kPreferred[] = {{"exclusive", "setting preferred clears it on the campaign's other pools", nullptr},
                                      {"independent", "several pools may be preferred", [](S& s) { s.policy.preferred_is_exclusive = false; }}};
constexpr Alternative kDestinationType[] = {{"refused", "a destination_type other than Advertiser or API: 403", nullptr},
                                            {"ignored", "other values are ignored", [](S& s) { s.answers.ignore_other_destination_types = true; }}};
constexpr Alternative kDefaultDestination[] = {
    {"first-linked", "the first destination linked is the default", nullptr},
    {"null", "default_customer_phone_number stays null until one is chosen (in the vendor's UI)",
     [](S& s) { s.answers.default_destination_null = true; }}};
constexpr Alternative kOptionalEchoes[] = {
    {"echoed", "destination_type, local_center, local_number_preferences, tn_prefix_whitelist appear when set", nullptr},
    {"omitted", "they are never echoed", [](S& s) { s.answers.echo_optional_fields = false; }}};
constexpr Alternative kKeyOrder[] = {{"documented", "pool fields in M-18's order", nullptr},
                                     {"alphabetical", "in alphabetical order", [](S& s) { s.answers.key_order = KeyOrder::Alphabetical; }},
                                     {"reversed", "in reverse order", [](S& s) { s.answers.key_order = KeyOrder::Reversed; }}};
constexpr Alternative kApiKeyForm[] = {{"hex32", "32 lowercase hex characters", nullptr},
                                       {"uuid", "a UUID", [](S& s) { s.answers.key_form = KeyForm::Uuid; }},
                                       {"upper-hex40", "40 uppercase hex characters", [](S& s) { s.answers.key_form = KeyForm::UpperHex40; }}};
constexpr Alternative kReadOnlyFields[] = {{"ignored", "read-only fields in a body are ignored", nullptr},
                                           {"refused", "a body naming one is refused (403)", [](S& s) { s.answers.refuse_read_only_fields = true; }}};
constexpr Alternative kJsonTypes[] = {{"lenient", "\"3\" and \"true\" are taken for 3 and true", nullptr},
                                      {"strict", "numbers and booleans must be JSON numbers and booleans (403 otherwise)",
                                       [](S& s) { s.answers.strict_json_types = true; }}};
constexpr Alternative kPhoneInput[] = {{"spec-forms", "C-2's ten forms of a phone number", nullptr},
                                       {"ten-digits", "only 10 digits", [](S& s) { s.answers.ten_digit_phones = true; }}};
constexpr Alternative kNameLimit[] = {{"255", "names up to 255 characters", nullptr},
                                      {"100", "names up to 100 characters", [](S& s) { s.answers.name_limit = 100; }}};
constexpr Alternative kMaxPoolSizeLimit[] = {{"10000", "max_pool_size 1 to 10,000", nullptr},
                                             {"500", "max_pool_size 1 to 500", [](S& s) { s.answers.max_pool_size_limit = 500; }}};
constexpr Alternative kLifetimeRange[] = {
    {"60-2592000", "lifetime_seconds 60 to 30 days", nullptr},
    {"1-2592000", "any lifetime from 1 s (leases under 60 s last 60 s: longer than asked)", [](S& s) { s.answers.lifetime_min = 1; }},
    {"60-86400", "lifetime_seconds 60 to one day", [](S& s) { s.answers.lifetime_max = 86400; }}};
constexpr Alternative kBodyLimit[] = {{"1MiB", "request bodies up to 1 MiB", nullptr},
                                      {"2MiB", "up to 2 MiB", [](S& s) { s.max_body_bytes = 2 * 1024 * 1024; }},
                                      {"256KiB", "up to 256 KiB", [](S& s) { s.max_body_bytes = 256 * 1024; }}};
constexpr Alternative kJsonLayout[] = {{"compact", "compact JSON", nullptr},
                                       {"pretty", "indented JSON", [](S& s) { s.dialect.pretty_json = true; }}};
constexpr Alternative kExtraFields[] = {{"none", "only the documented fields", nullptr},
                                        {"extra", "extra fields in pools, legacy json answers and Bulk rows and bodies",
                                         [](S& s) { s.answers.json_extra_fields = true; }}};
constexpr Alternative kContentTypes[] = {{"bare", "application/json, application/xml, text/csv", nullptr},
                                         {"charset", "with \"; charset=utf-8\"", [](S& s) { s.dialect.content_type_parameters = "; charset=utf-8"; }}};
constexpr Alternative kXmlLayout[] = {{"two-spaces", "xml indented by two spaces", nullptr},
                                      {"tabs", "indented by tabs", [](S& s) { s.dialect.xml_indent = "\t"; }}};
constexpr Alternative kXmlExtra[] = {{"none", "<Response> holds the documented elements", nullptr},
                                     {"extra", "and one more", [](S& s) { s.answers.xml_extra_element = true; }}};
constexpr Alternative kCsvLineEnd[] = {{"crlf", "csv lines end with CRLF (RFC 4180)", nullptr},
                                       {"lf", "with LF", [](S& s) { s.dialect.csv_line_end = "\n"; }}};
constexpr Alternative kCsvColumns[] = {{"three", "the three documented columns", nullptr},
                                       {"four", "a fourth column after them", [](S& s) { s.answers.csv_extra_columns = true; }}};
constexpr Alternative kLegacyOverflowFlag[] = {
    {"true-only", "\"overflow\": true and <Overflow>true</Overflow> on overflow answers only", nullptr},
    {"none", "no overflow flag in legacy answers", [](S& s) { s.dialect.legacy_overflow_flag = false; }},
    {"explicit-false", "the flag on every answer, false when not", [](S& s) { s.answers.legacy_overflow_false = true; }}};
constexpr Alternative kTrackingUrls[] = {{"c-path", "https://<host>/c/<network>/<pool>-<n>", nullptr},
                                         {"track-path", "https://<host>/track/<pool>/<n>",
                                          [](S& s) { s.dialect.tracking_urls = api::TrackingUrlForm::TrackPoolCount; }}};
constexpr Alternative kTrackingUrlSpace[] = {{"none", "tracking_url as is", nullptr},
                                             {"leading-space", "with a leading space, as the documents' examples",
                                              [](S& s) { s.answers.tracking_url_leading_space = true; }}};
constexpr Alternative kInvalidKeyStatus[] = {{"403", "InvalidKey answers 403", nullptr},
                                             {"401", "401", [](S& s) { s.dialect.invalid_key_status = 401; }},
                                             {"400", "400", [](S& s) { s.dialect.invalid_key_status = 400; }}};
constexpr Alternative kUnknownPool[] = {{"invalid-key", "an unknown or deleted pool answers as a wrong key does", nullptr},
                                        {"record-not-found", "404 RecordNotFound", [](S& s) { s.dialect.unknown_pool_not_found = true; }}};
constexpr Alternative kAllocationVersion[] = {{"any-date", "any YYYY-MM-DD <version>", nullptr},
                                              {"documented", "only 2015-12-09", [](S& s) { s.answers.documented_version_only = true; }}};
constexpr Alternative kUnknownAffiliate[] = {{"refused", "an unknown affiliate: 403 InvalidAffiliate", nullptr},
                                             {"ignored", "allocated without it", [](S& s) { s.answers.ignore_unknown_affiliate = true; }}};
constexpr Alternative kLegacyParameter[] = {{"none-needed", "a Custom pool's legacy call needs no parameter", nullptr},
                                            {"one-needed", "at least one RingPool parameter (400 otherwise)",
                                             [](S& s) { s.answers.legacy_needs_parameter = true; }}};
constexpr Alternative kRequestsAlias[] = {{"accepted", "\"request\" read when \"requests\" is absent", nullptr},
                                          {"refused", "only \"requests\"", [](S& s) { s.answers.requests_alias = false; }}};
constexpr Alternative kBulkRows[] = {{"1000", "batches of up to 1,000 requests", nullptr},
                                     {"100", "up to 100", [](S& s) { s.answers.bulk_max_rows = 100; }}};
constexpr Alternative kSuffixForms[] = {{"all", "ring_pools/<id>/..., <id>/... and /ring_pools/<id>/...", nullptr},
                                        {"long-only", "only ring_pools/<id>/... (the documented one)", [](S& s) { s.answers.long_suffix_only = true; }}};
constexpr Alternative kRequestIdAbsent[] = {{"omitted", "a row whose request had no request_id has none", nullptr},
                                            {"null", "\"request_id\": null", [](S& s) { s.answers.request_id_null = true; }}};
constexpr Alternative kProcessingTime[] = {{"decimal", "processing-time with three decimals", nullptr},
                                           {"integer", "whole milliseconds", [](S& s) { s.dialect.integer_processing_time = true; }}};
constexpr Alternative kNoNumberStatus[] = {{"503", "an exhausted pool without overflow: 503 NoNumberAvailable", nullptr},
                                           {"409", "409", [](S& s) { s.answers.no_number_status = 409; }}};
constexpr Alternative kLeaseGrace[] = {{"exact", "a lease ends at exactly t + lifetime_seconds", nullptr},
                                       {"30s", "30 s later", [](S& s) { s.policy.lease_grace_seconds = 30; }},
                                       {"90s", "90 s later", [](S& s) { s.policy.lease_grace_seconds = 90; }},
                                       {"1h", "an hour later", [](S& s) { s.policy.lease_grace_seconds = 3600; }}};
constexpr Alternative kReuseOrder[] = {{"lru", "the number idle longest", nullptr},
                                       {"mru", "the number idle shortest", [](S& s) { s.policy.reuse_order = domain::ReuseOrder::MostRecentlyUsed; }}};
constexpr Alternative kQuarantine[] = {{"0", "a released number is idle at once", nullptr},
                                       {"120s", "after 2 minutes", [](S& s) { s.policy.reuse_quarantine_seconds = 120; }}};
constexpr Alternative kRepeatVisitors[] = {
    {"new-lease", "every call is a new lease", nullptr},
    {"same-number", "a repeat call (the same parameters) gets its number again",
     [](S& s) { s.policy.repeat_visitors = domain::RepeatVisitors::SameNumber; }},
    {"recorded-params", "a call with the same recorded parameters (param1..param10 and the dictionary's names) gets its number again",
     [](S& s) { s.answers.sticky_recorded_parameters = true; }}};
constexpr Alternative kOverflowSize[] = {{"within", "max_pool_size counts the overflow number", nullptr},
                                         {"on-top", "the overflow number comes on top",
                                          [](S& s) { s.policy.overflow_within_max_pool_size = false; }}};
constexpr Alternative kFillRounding[] = {{"up", "10 % rounded up, at least one trackable number and the overflow", nullptr},
                                         {"down", "rounded down", [](S& s) { s.policy.initial_fill_rounding = domain::FillRounding::Down; }}};
constexpr Alternative kGrowthTrigger[] = {{"tick", "at autoscaling ticks", nullptr},
                                          {"on-demand", "at once when a pool runs out",
                                           [](S& s) { s.policy.growth_trigger = domain::GrowthTrigger::OnDemand; }}};
constexpr Alternative kAutoscaleInterval[] = {{"300s", "ticks every 5 minutes", nullptr},
                                              {"60s", "every minute", [](S& s) { s.policy.autoscale_interval_seconds = 60; }},
                                              {"3600s", "every hour", [](S& s) { s.policy.autoscale_interval_seconds = 3600; }}};
constexpr Alternative kGrowPercent[] = {{"20", "grows by 20 %", nullptr},
                                        {"50", "by 50 %", [](S& s) { s.policy.grow_percent = 50; }},
                                        {"5", "by 5 %", [](S& s) { s.policy.grow_percent = 5; }}};
constexpr Alternative kShrink[] = {{"monthly-unused", "unused numbers released at month end", nullptr},
                                   {"idle", "numbers idle a day released at ticks", [](S& s) { s.policy.shrink_policy = domain::ShrinkPolicy::Idle; }}};
constexpr Alternative kAging[] = {{"1d", "released numbers age a day", nullptr},
                                  {"none", "not at all", [](S& s) { s.policy.aging_seconds = 0; }},
                                  {"2h", "two hours", [](S& s) { s.policy.aging_seconds = 7200; }}};
constexpr Alternative kLocalDelay[] = {{"600s", "local numbers 10 minutes after creation", nullptr},
                                       {"120s", "after 2 minutes", [](S& s) { s.policy.local_fill_delay_seconds = 120; }},
                                       {"540s", "after 9 minutes", [](S& s) { s.policy.local_fill_delay_seconds = 540; }},
                                       {"1500s", "after 25 minutes", [](S& s) { s.policy.local_fill_delay_seconds = 1500; }}};
constexpr Alternative kControl[] = {
    {"all", "every control endpoint", nullptr},
    {"clock", "GET clock and POST clock/advance",
     [](S& s) {
       s.control_endpoints = api::ControlEndpointSet::none();
       s.control_endpoints.insert(api::ControlEndpoint::Clock);
       s.control_endpoints.insert(api::ControlEndpoint::ClockAdvance);
     }},
    {"read-only", "GET clock only (no time-dependent checks)",
     [](S& s) {
       s.control_endpoints = api::ControlEndpointSet::none();
       s.control_endpoints.insert(api::ControlEndpoint::Clock);
     }},
    {"none", "no control API", [](S& s) { s.control_endpoints = api::ControlEndpointSet::none(); }}};
constexpr Alternative kEpoch[] = {{"2026-01-01", "the clock starts at 2026-01-01T00:00:00Z", nullptr},
                                  {"2026-03-14", "at 2026-03-14T15:09:26Z (not a tick, not a month start)", [](S& s) { s.shifted_epoch = true; }}};
// ---- worlds (W-1..W-4), each declared honestly in the drawn target file (T-5) ----
constexpr Alternative kSecondNetwork[] = {{"present", "a second network ([second])", nullptr},
                                          {"absent", "one network", [](S& s) { s.world.second_network = false; }}};
constexpr Alternative kTagNetwork[] = {{"present", "a tag network ([tags])", nullptr},
                                       {"absent", "none", [](S& s) { s.world.tag_network = false; }}};
constexpr Alternative kBulkAdvertiser[] = {{"present", "a bulk-enabled advertiser and publisher ([bulk])", nullptr},
                                           {"absent", "no Bulk at all", [](S& s) { s.world.bulk_advertiser = false; }}};
constexpr Alternative kPublishers[] = {{"present", "publishers on the primary network", nullptr},
                                       {"none", "no publishers (no [primary] affiliate)", [](S& s) { s.world.publishers = false; }}};
constexpr Alternative kCampaigns[] = {{"two", "two campaigns ([primary] second_campaign)", nullptr},
                                      {"one", "one campaign", [](S& s) { s.world.second_campaign = false; }}};
constexpr Alternative kBulkPrimary[] = {{"off", "Bulk off for the primary network", nullptr},
                                        {"on", "Bulk on the whole primary network: every pool refuses the legacy API ([primary] bulk_enabled)",
                                         [](S& s) { s.world.bulk_primary = true; }}};
constexpr Alternative kGeneratedIds[] = {{"required", "id_from_network required", nullptr},
                                         {"generated", "the primary network generates ids ([primary] generated_ids)",
                                          [](S& s) { s.world.generated_ids = true; }}};
constexpr Alternative kAffiliateParameter[] = {{"pid", "the affiliate-id parameter is pid", nullptr},
                                               {"aff_id", "it is aff_id", [](S& s) { s.world.affiliate_parameter = "aff_id"; }}};
constexpr Alternative kInventory[] = {{"3000", "3,000 toll-free numbers ([primary] numbers = 3000)", nullptr},
                                      {"200", "200", [](S& s) { s.world.toll_free_numbers = 200; }},
                                      {"40", "40", [](S& s) { s.world.toll_free_numbers = 40; }},
                                      {"12", "12", [](S& s) { s.world.toll_free_numbers = 12; }}};
constexpr Alternative kLocalInventory[] = {
    {"90210", "local numbers declared near ZIP 90210", nullptr},
    {"undeclared", "none declared", [](S& s) { s.world.local_declared = false; }},
    {"alaska", "declared near 99501: local numbers in 907 (Alaska)", [](S& s) { s.world.alaska = true; }}};

constexpr Choice kChoices[] = {
    {"create-status", "M-3", "dec", "status of a create", kCreateStatus},
    {"list-order", "M-1", "dec", "order of a list", kListOrder},
    {"validation-errors", "M-8, C-3", "dec", "body of a 403 validation failure", kValidationErrors},
    {"non-object-body", "M-8", "dec", "a body that is not a JSON object", kNonObjectBody},
    {"unknown-network", "M-6", "dec", "an unknown network id", kUnknownNetwork},
    {"bearer", "M-6", "dec", "forms of the Authorization header", kBearer},
    {"updates", "M-4", "dec", "what an update does to fields it does not give", kUpdates},
    {"put-body-id", "M-9", "dec", "a PUT body naming another id_from_network", kPutBodyId},
    {"preferred", "M-13", "dec", "setting preferred on one pool", kPreferred},
    {"destination-type", "M-16", "dec", "other destination_type values", kDestinationType},
    {"default-destination", "M-15", "dec", "default_customer_phone_number", kDefaultDestination},
    {"optional-echoes", "M-18, M-19", "dec", "fields that appear when set", kOptionalEchoes},
    {"key-order", "M-18", "dec", "order of a pool's fields", kKeyOrder},
    {"api-key-form", "M-18", "dec", "form of api_key", kApiKeyForm},
    {"read-only-fields", "M-17", "dec", "read-only fields sent in a body", kReadOnlyFields},
    {"json-types", "C-1", "dec", "numbers and booleans written as strings", kJsonTypes},
    {"phone-input", "C-2", "dec", "forms of a destination phone number", kPhoneInput},
    {"name-limit", "C-7", "dec", "longest name", kNameLimit},
    {"max-pool-size-limit", "M-11, C-7", "dec", "largest max_pool_size", kMaxPoolSizeLimit},
    {"lifetime-range", "M-12", "dec", "accepted lifetime_seconds", kLifetimeRange},
    {"body-limit", "C-4", "dec", "largest request body", kBodyLimit},
    {"json-layout", "A-2, M-18", "doc", "white space of JSON bodies", kJsonLayout},
    {"extra-fields", "A-2, M-18, B-5", "doc", "fields beyond the documented ones", kExtraFields},
    {"content-types", "A-2", "dec", "media type parameters", kContentTypes},
    {"xml-layout", "A-2", "doc", "white space of xml answers", kXmlLayout},
    {"xml-extra", "A-2", "doc", "elements beyond the documented ones", kXmlExtra},
    {"csv-line-end", "A-2", "doc", "csv line ends", kCsvLineEnd},
    {"csv-columns", "A-2", "doc", "csv columns", kCsvColumns},
    {"legacy-overflow-flag", "A-2", "dec", "the overflow flag of legacy answers", kLegacyOverflowFlag},
    {"tracking-urls", "A-10", "dec", "form of tracking_url", kTrackingUrls},
    {"tracking-url-space", "A-2", "doc", "surrounding white space of tracking_url", kTrackingUrlSpace},
    {"invalid-key-status", "A-4", "dec", "status of InvalidKey", kInvalidKeyStatus},
    {"unknown-pool", "A-4", "dec", "legacy calls to an unknown or deleted pool", kUnknownPool},
    {"allocation-version", "A-1", "dec", "the legacy API's <version>", kAllocationVersion},
    {"unknown-affiliate", "A-9", "dec", "an unknown affiliate id", kUnknownAffiliate},
    {"legacy-parameter", "A-7", "dec", "parameters a Custom pool's legacy call needs", kLegacyParameter},
    {"requests-alias", "B-1", "dec", "the prose's \"request\" key", kRequestsAlias},
    {"bulk-rows", "B-1", "dec", "largest Bulk batch", kBulkRows},
    {"suffix-forms", "B-2", "dec", "api_suffix forms served", kSuffixForms},
    {"request-id-absent", "B-3", "dec", "a row whose request had no request_id", kRequestIdAbsent},
    {"processing-time", "B-10", "dec", "form of processing-time", kProcessingTime},
    {"no-number-status", "P-5", "dec", "status of NoNumberAvailable", kNoNumberStatus},
    {"lease-grace", "P-1", "dec", "how long past lifetime_seconds a lease holds its number", kLeaseGrace},
    {"reuse-order", "P-2", "ref", "which idle number is handed out", kReuseOrder},
    {"reuse-quarantine", "P-2", "ref", "a released number's rest", kQuarantine},
    {"repeat-visitors", "P-3, A-6", "dec", "a repeat visitor", kRepeatVisitors},
    {"overflow-size", "P-4", "dec", "whether max_pool_size counts the overflow number", kOverflowSize},
    {"fill-rounding", "P-6", "dec", "rounding of the 10 % initial fill", kFillRounding},
    {"growth-trigger", "P-7", "ref", "when autoscaling grows a pool", kGrowthTrigger},
    {"autoscale-interval", "P-7", "ref", "autoscaling ticks", kAutoscaleInterval},
    {"grow-percent", "P-7", "ref", "autoscaling growth", kGrowPercent},
    {"shrink", "P-7", "ref", "releasing unused numbers", kShrink},
    {"aging", "P-8", "ref", "aging of released numbers", kAging},
    {"local-delay", "L-1", "ref", "when local numbers arrive (the vendor reading: after 1 and by 30 minutes)", kLocalDelay},
    {"control-endpoints", "T-4", "dec", "the control API served", kControl},
    {"epoch", "T-1", "dec", "where the virtual clock starts", kEpoch},
    {"second-network", "W-1", "world", "networks", kSecondNetwork},
    {"tag-network", "W-1", "world", "a network with tag destinations", kTagNetwork},
    {"bulk-advertiser", "W-2, B-8", "world", "Bulk enabled on an advertiser and a publisher", kBulkAdvertiser},
    {"publishers", "W-2", "world", "publishers (affiliates)", kPublishers},
    {"campaigns", "W-2", "world", "campaigns of the advertiser", kCampaigns},
    {"bulk-primary", "B-8", "world", "Bulk on the primary network", kBulkPrimary},
    {"generated-ids", "M-9, W-1", "world", "auto_id_from_network on the primary network", kGeneratedIds},
    {"affiliate-parameter", "W-1, A-6", "world", "name of the affiliate-id parameter", kAffiliateParameter},
    {"inventory", "W-3", "world", "toll-free numbers of the primary network", kInventory},
    {"local-inventory", "L-1, W-3, W-4", "world", "local numbers the target file declares", kLocalInventory},
};

constexpr FixedClause kFixed[] = {
    {"C-5", "a rule of the profiles (which messages strict compares), not a server's behaviour"},
    {"C-6", "host names: the target file's `host`, checked in the strict profile only"},
    {"W-5", "world files are the reference's own input (the `world` capability); a vendor has none"},
    {"M-5", "what follows a delete is [doc] (M-5, M-7) or seen through other choices (unknown-pool)"},
    {"M-7", "no vendor-profile scenario names an unknown advertiser or campaign"},
    {"M-14", "fill_immediately's default: the suite always sends it where it matters"},
    {"A-3", "constant-time comparison is not black-box testable"},
    {"A-5", "service failures come only from the reference's fault injection, which a drawn server does not have"},
    {"A-8", "what a lease records of a referrer is never read back in the vendor profile"},
    {"A-11", "xml and csv shapes of a Bulk-only pool's refusal are checked in strict only"},
    {"A-13", "the order of checks shows only where two errors meet; vendor scenarios never send two"},
    {"B-4", "rows processed in order: the reference's; the vendor profile judges rows only where every order agrees"},
    {"B-6", "a row error never fails the whole request: checked as B-6's [doc] sentence"},
    {"B-7", "the row error's class is checked in strict only"},
    {"B-9", "the row error's class is checked in strict only"},
    {"P-9", "resizing: the vendor profile checks P-4's bound on a resized pool only after every earlier lease ended"},
    {"L-2", "answers before the local fill: the reference's (only the overflow number); the vendor profile does not judge them"},
    {"L-3", "which local numbers: the vendor profile checks only that local numbers arrive"},
    {"L-4", "Wait's retries are the reference's [ref] policy; the vendor profile checks UseTollFree's toll-free fill"},
    {"T-2", "same seed, same bytes: the vendor profile never compares two runs"},
    {"T-3", "the wall clock is `serve --clock wall`; in process the clock is virtual"},
    {"T-5", "a rule of the suite (declared world facts), applied to every drawn world's target file"},
};

}  // namespace

std::span<const Choice> choices() { return kChoices; }
std::span<const FixedClause> fixed_clauses() { return kFixed; }

Draw draw(std::uint64_t seed) {
  Draw out;
  out.seed = seed;
  out.picks.assign(std::size(kChoices), 0);
  if (seed == 0) return out;
  sim::Rng stream = sim::Rng(seed).stream("valid-server");
  for (std::size_t i = 0; i < std::size(kChoices); ++i) {
    const std::size_t count = kChoices[i].alternatives.size();
    if (count < 2 || !stream.chance(0.5)) continue;
    out.picks[i] = static_cast<std::uint8_t>(1 + stream.below(count - 1));
  }
  return out;
}

ServerShape shape_of(const Draw& draw) {
  ServerShape shape;
  for (std::size_t i = 0; i < std::size(kChoices) && i < draw.picks.size(); ++i) {
    const Alternative& alternative = kChoices[i].alternatives[draw.picks[i] % kChoices[i].alternatives.size()];
    if (alternative.apply != nullptr) alternative.apply(shape);
  }
  return shape;
}

Draw shrink(const Draw& failing, const std::function<bool(const Draw&)>& fails) {
  Draw current = failing;
  for (bool smaller = true; smaller;) {
    smaller = false;
    for (std::size_t i = 0; i < current.picks.size(); ++i) {
      if (current.picks[i] == 0) continue;
      Draw candidate = current;
      candidate.picks[i] = 0;
      if (fails(candidate)) {
        current = std::move(candidate);
        smaller = true;
      }
    }
  }
  return current;
}

std::string Draw::describe() const {
  std::string out;
  for (std::size_t i = 0; i < std::size(kChoices) && i < picks.size(); ++i)
    if (picks[i] != 0) out += fmt::format("{}{}={}", out.empty() ? "" : " ", kChoices[i].id, kChoices[i].alternatives[picks[i]].name);
  return out.empty() ? "the reference's choices" : out;
}

std::size_t Draw::differences() const {
  std::size_t out = 0;
  for (std::uint8_t pick : picks) out += pick != 0 ? 1 : 0;
  return out;
}

std::string space_size() {
  double log10 = 0;
  for (const Choice& choice : kChoices) log10 += std::log10(static_cast<double>(choice.alternatives.size()));
  const double exponent = std::floor(log10);
  return fmt::format("{:.1f}e+{}", std::pow(10.0, log10 - exponent), static_cast<int>(exponent));
}

std::size_t alternative_count() {
  std::size_t out = 0;
  for (const Choice& choice : kChoices) out += choice.alternatives.size();
  return out;
}

std::string choice_table_markdown() {
  std::string out = fmt::format(
      "{} choices, {} alternatives: {} different valid servers. The first alternative of each is the reference's.\n\n"
      "| choice | clause | level | what | alternatives (the reference's first) |\n|---|---|---|---|---|\n",
      std::size(kChoices), alternative_count(), space_size());
  for (const Choice& choice : kChoices) {
    std::string alternatives;
    for (const Alternative& alternative : choice.alternatives)
      alternatives += fmt::format("{}`{}`: {}", alternatives.empty() ? "" : "; ", alternative.name, alternative.what);
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", choice.id, choice.clause, choice.level, choice.what, alternatives);
  }
  out += "\n[dec] and [ref] clauses with no alternative drawn, and why:\n\n| clause | why |\n|---|---|\n";
  for (const FixedClause& fixed : kFixed) out += fmt::format("| {} | {} |\n", fixed.clause, fixed.reason);
  return out;
}

}  // namespace ringpool::conformance::valid
