// The defects of the Bulk API (B-1 .. B-11, and the overflow flag of its rows, P-4): each breaks
// one [doc] sentence and nothing else, on top of a correct target (defect_kit.hpp).
#include "conformance/defect_kit.hpp"

#include <algorithm>

namespace ringpool::conformance::defect {

namespace {

OrderedJson sent_body(const Call& call) { return OrderedJson::parse(call.request.body, nullptr, false); }

bool has_requests(const OrderedJson& sent) { return sent.is_object() && sent.contains("requests"); }

// The api_suffix of request row `index`, or empty (a row that is not an object, or whose suffix
// is not a string, as bulk/row-not-an-object.toml sends).
std::string suffix_of(const OrderedJson& sent, std::size_t index) {
  if (!has_requests(sent) || !sent["requests"].is_array() || index >= sent["requests"].size()) return {};
  const OrderedJson& row = sent["requests"][index];
  if (!row.is_object() || !row.contains("api_suffix") || !row["api_suffix"].is_string()) return {};
  return row["api_suffix"].get<std::string>();
}

std::string error_class_of(const OrderedJson& row) {
  return row.is_object() && row.contains("error_class") && row["error_class"].is_string() ? row["error_class"].get<std::string>() : "";
}

// A successful Bulk answer of the correct target with `edit` applied to each row (index, row).
Exchange bend_each_row(Call& call, const std::function<void(Call&, std::size_t, OrderedJson&)>& edit) {
  Exchange exchange = call.forward();
  if (!exchange.response || exchange.response->status != 200) return exchange;
  edit_rows(*exchange.response, [&](OrderedJson& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].is_object()) edit(call, i, rows[i]);
  });
  return exchange;
}

Exchange requests_key_refused(Call& call) {
  if (has_requests(sent_body(call)))
    return answer(json_answer(400, {{"errors", {{"class", "InvalidRequest"}, {"invalid_data", "Give request."}}}}));
  return call.forward();
}

Exchange empty_bulk_accepted(Call& call) {
  const OrderedJson sent = sent_body(call);
  if (has_requests(sent) && sent["requests"].is_array() && sent["requests"].empty())
    return answer(json_answer(200, {{"responses", Json::array()}}));
  return call.forward();
}

Exchange long_suffix_refused(Call& call) {
  const OrderedJson sent = sent_body(call);
  return bend_each_row(call, [&](Call&, std::size_t i, OrderedJson& row) {
    const std::string suffix = suffix_of(sent, i);
    if (suffix.starts_with("ring_pools/") || suffix.starts_with("/ring_pools/")) row = error_row(row, "InvalidRequest", "Unknown api_suffix.");
  });
}

Exchange request_id_dropped(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) { row.erase("request_id"); });
}

Exchange bulk_rows_reversed(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 200)
    edit_rows(*exchange.response, [](OrderedJson& rows) { std::reverse(rows.begin(), rows.end()); });
  return exchange;
}

Exchange row_without_formatted(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) {
    if (error_class_of(row).empty()) row.erase("promo_number_formatted");
  });
}

Exchange overflow_flag_missing(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) { row.erase("overflow"); });
}

Exchange overflow_false_explicit(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) {
    if (error_class_of(row).empty() && row.contains("promo_number") && !row.contains("overflow")) row["overflow"] = false;
  });
}

// The first time a pool runs out, its overflow number is handed out unflagged, as a trackable
// (leased) number; flagged to everyone after (P-4: the overflow number is never leased).
Exchange overflow_unflagged_once(Call& call) {
  const OrderedJson sent = sent_body(call);
  return bend_each_row(call, [&](Call& c, std::size_t i, OrderedJson& row) {
    if (!row.contains("overflow") || row["overflow"] != true) return;
    PoolMemory& pool = c.memory.pools[pool_of_suffix(suffix_of(sent, i))];
    if (pool.done) return;
    pool.done = true;
    row.erase("overflow");
  });
}

Exchange error_row_without_message(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) {
    if (!error_class_of(row).empty()) row.erase("message");
  });
}

Exchange error_fails_every_row(Call& call) {
  Exchange exchange = call.forward();
  if (!exchange.response || exchange.response->status != 200) return exchange;
  edit_rows(*exchange.response, [](OrderedJson& rows) {
    const auto failed = std::find_if(rows.begin(), rows.end(), [](const OrderedJson& row) { return !error_class_of(row).empty(); });
    if (failed == rows.end()) return;
    const OrderedJson first = *failed;
    for (auto& row : rows) row = error_row(row, error_class_of(first), first.contains("message") && first["message"].is_string()
                                                                           ? first["message"].get<std::string>() : "");
  });
  return exchange;
}

Exchange missing_parameter_served(Call& call) {
  return bend_each_row(call, [](Call& c, std::size_t, OrderedJson& row) {
    if (error_class_of(row) == "MissingParameter") row = invented_row(row, c.memory.invented_number());
  });
}

Exchange enabled_pool_not_served(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) {
    if (error_class_of(row).empty() && row.contains("promo_number"))
      row = error_row(row, "BulkNumberAllocationNotEnabled", "Bulk is not enabled.");
  });
}

Exchange serves_other_types(Call& call) {
  return bend_each_row(call, [](Call& c, std::size_t, OrderedJson& row) {
    if (error_class_of(row) == "UnsupportedRingPoolType") row = invented_row(row, c.memory.invented_number());
  });
}

Exchange no_processing_time(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 200) exchange.response->headers.erase("processing-time");
  return exchange;
}

Exchange processing_time_not_a_number(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 200) {
    exchange.response->headers.erase("processing-time");
    exchange.response->headers.emplace("processing-time", "soon");
  }
  return exchange;
}

Exchange closes_connections(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response) {
    exchange.response->headers.erase("Connection");
    exchange.response->headers.emplace("Connection", "close");
  }
  return exchange;
}

Exchange key_error_class(Call& call) {
  return bend_each_row(call, [](Call&, std::size_t, OrderedJson& row) {
    if (error_class_of(row) == "InvalidKey") row["error_class"] = "Unauthorized";
  });
}

constexpr Entry kBulkEntries[] = {
    {"B-1.1", "requests-key-refused", "a Bulk body with the requests key answers 400", kBulk, requests_key_refused},
    {"B-1.2", "empty-bulk-accepted", "a Bulk body with no requests answers 200 with no rows", kBulk, empty_bulk_accepted},
    {"B-2.1", "long-suffix-refused", "Bulk rows with the api_suffix form ring_pools/<id>/... are row errors", kBulk, long_suffix_refused},
    {"B-3.1", "request-id-dropped", "Bulk rows do not echo request_id", kBulk, request_id_dropped},
    {"B-4.1", "bulk-rows-reversed", "Bulk response rows come in reverse request order", kBulk, bulk_rows_reversed},
    {"B-5.1", "bulk-row-without-formatted", "Bulk success rows lack promo_number_formatted", kBulk, row_without_formatted},
    {"B-5.2", "bulk-overflow-flag-missing", "Bulk rows never carry \"overflow\": true", kBulk, overflow_flag_missing},
    {"B-5.2", "bulk-overflow-false-explicit", "Bulk rows of trackable numbers carry \"overflow\": false instead of omitting it", kBulk,
     overflow_false_explicit},
    {"P-4.1", "bulk-overflow-unflagged-once", "the first time a pool runs out, its overflow number is a Bulk row without the flag "
     "(handed out as a trackable, leased number)", kBulk, overflow_unflagged_once},
    {"B-6.1", "bulk-error-row-without-message", "Bulk error rows lack message", kBulk, error_row_without_message},
    {"B-6.2", "bulk-error-fails-every-row", "one failed Bulk row makes every row of the request fail", kBulk, error_fails_every_row},
    {"B-7.1", "bulk-missing-parameter-served", "a Bulk row without any RingPool parameter is served a number", kBulk,
     missing_parameter_served},
    {"B-8.1", "bulk-enabled-pool-not-served", "Bulk rows of bulk-served pools answer BulkNumberAllocationNotEnabled", kBulk,
     enabled_pool_not_served},
    {"B-9.1", "bulk-serves-other-types", "Bulk rows of pools of another type than Custom are served a number", kBulk, serves_other_types},
    {"B-10.1", "bulk-no-processing-time", "Bulk responses lack the processing-time header", kBulk, no_processing_time},
    {"B-10.1", "processing-time-not-a-number", "Bulk responses say processing-time: soon", kBulk, processing_time_not_a_number},
    {"B-10.2", "bulk-closes-connections", "Bulk responses close the connection (Connection: close): no keep-alive", kBulk,
     closes_connections},
    {"B-11.1", "bulk-key-error-class", "Bulk rows with a wrong key answer class Unauthorized instead of InvalidKey", kBulk, key_error_class},
};

}  // namespace

std::span<const Entry> bulk_entries() { return kBulkEntries; }

}  // namespace ringpool::conformance::defect
