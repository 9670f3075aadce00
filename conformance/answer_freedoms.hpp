// The freedoms a valid server has that the reference's configuration (policy, dialect) cannot
// express, applied around a correct server: extra fields and columns, other key orders, optional
// echoes left out, other key forms, and refusing what the spec lets a vendor refuse ([dec]
// limits, input spellings). A drawn valid server (valid_server.hpp) is the reference, configured,
// with this layer around it. Each freedom names the clause that allows it (valid_choices.cpp).
#pragma once

#include "conformance/target.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ringpool::conformance::valid {

enum class KeyOrder { Documented, Alphabetical, Reversed };
enum class ListOrderFreedom { AsServed, ByIdFromNetwork, Shuffled };
enum class KeyForm { Hex32, Uuid, UpperHex40 };

struct AnswerFreedoms {
  // Answers.
  bool json_extra_fields = false;        // A-2, M-18, B-5 [doc]: extra fields in success bodies and rows
  bool csv_extra_columns = false;        // A-2 [doc]: columns after the three
  bool xml_extra_element = false;        // A-2 [doc]: an element beside the three
  KeyOrder key_order = KeyOrder::Documented;          // M-18 [dec]
  ListOrderFreedom list_order = ListOrderFreedom::AsServed;  // M-1 [dec]
  bool default_destination_null = false;  // M-15 [dec]: no default until one is chosen
  bool echo_optional_fields = true;       // M-18 [dec]: destination_type, local_center, ... when set
  bool request_id_null = false;           // B-3 [dec]: "request_id": null in rows that sent none
  bool tracking_url_leading_space = false;  // the documents' examples begin with a space
  bool legacy_overflow_false = false;     // A-2 [dec]: "overflow": false / <Overflow>false</Overflow> when not
  KeyForm key_form = KeyForm::Hex32;      // M-18 [dec]: api_key's form
  bool non_object_body_403 = false;       // M-8 [dec]: a body that is not an object: 403, not 400
  bool unknown_network_404 = false;       // M-6 [dec]: an unknown network id: 404, not 401
  int no_number_status = 503;             // P-5 [dec]: the status of NoNumberAvailable
  // Requests refused (a vendor's own limits and spellings) or taken.
  bool strict_json_types = false;         // C-1 [dec]: numbers and booleans as JSON values only
  bool ten_digit_phones = false;          // C-2 [dec]: destination numbers as 10 digits only
  bool ignore_other_destination_types = false;  // M-16 [dec]: values other than Advertiser or API ignored
  bool refuse_read_only_fields = false;   // M-17 [dec]: a write naming a read-only field: 403
  std::size_t name_limit = 255;           // C-7 [dec]
  std::int64_t max_pool_size_limit = 10000;  // M-11, C-7 [dec]
  std::int64_t lifetime_min = 60;         // M-12 [dec]: below the reference's 60, leases of 60 s (longer: valid)
  std::int64_t lifetime_max = 2592000;    // M-12 [dec]
  bool put_body_id_ignored = false;       // M-9 [dec]: a PUT body's other id_from_network does not rename
  bool ignore_unknown_affiliate = false;  // A-9 [dec]
  bool legacy_needs_parameter = false;    // A-7 [dec]: a legacy call with no parameter: 400
  bool requests_alias = true;             // B-1 [dec]: "request" read when "requests" is absent
  std::size_t bulk_max_rows = 1000;       // B-1 [dec]
  bool long_suffix_only = false;          // B-2 [dec]: only ring_pools/<id>/...
  bool documented_version_only = false;   // A-1 [dec]: only /api/2015-12-09/
  // P-3, A-6 [dec]: a repeat visitor (the same recorded parameters, param1..param10 and the
  // dictionary's m1..m10, as an earlier legacy call whose lease is active) gets that call's number.
  bool sticky_recorded_parameters = false;

  bool any() const;
};

// Which API a request addresses, by its path (for a server that sees only paths).
ApiKind api_of_path(std::string_view path);

// One valid server's freedoms around a correct one. Not thread-safe: one per target (`serve`
// calls it under the service's lock).
class FreedomLayer {
 public:
  using Next = std::function<api::Response(const api::Request&)>;
  FreedomLayer(AnswerFreedoms freedoms, std::set<std::int64_t> networks, std::string affiliate_parameter, std::uint64_t seed)
      : freedoms_(freedoms), networks_(std::move(networks)), affiliate_parameter_(std::move(affiliate_parameter)), seed_(seed) {}

  api::Response handle(ApiKind api, const api::Request& request, const Next& next);
  // A new scenario (or a world reset): what the layer remembered goes.
  void forget();

 private:
  std::optional<api::Response> refuse(ApiKind api, const api::Request& request) const;
  api::Request rewrite(ApiKind api, const api::Request& request);
  void answer(ApiKind api, const api::Request& sent, const api::Request& original, api::Response& response);
  // answer's parts, one per API.
  void answer_management(const api::Request& sent, const api::Request& original, api::Response& response);
  void answer_allocation(std::string_view path, api::Response& response) const;
  void answer_csv_allocation(api::Response& response) const;
  void answer_bulk(const api::Request& original, api::Response& response) const;
  std::string shown_key(const std::string& key) const;  // the server's key as this server shows it
  std::string real_key(const std::string& key) const;   // the key a client sent, as the server knows it
  void remember_pools(const api::Request& original, const api::Response& response);
  void bend_pool(nlohmann::ordered_json& pool);
  void keep_repeat_visitors(const api::Request& request, api::Response& response);

  AnswerFreedoms freedoms_;
  std::set<std::int64_t> networks_;
  std::string affiliate_parameter_;
  std::uint64_t seed_;
  std::map<std::string, std::int64_t> lifetime_asked_;  // pool id -> a lifetime below 60 it was given
  std::map<std::string, std::string> keys_shown_;       // shown key -> real key
  // sticky_recorded_parameters: the clock (the control API's advances), each pool's lifetime, and
  // per pool, the number each set of recorded parameters got and until when its lease is active.
  std::int64_t now_ms_ = 0;
  std::map<std::string, std::int64_t> lifetime_seconds_;
  std::map<std::string, std::map<std::string, std::pair<std::string, std::int64_t>>> visitors_;
};

}  // namespace ringpool::conformance::valid
