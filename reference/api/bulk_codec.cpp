#include "reference/api/bulk_codec.hpp"

#include "reference/api/json_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

namespace ringpool::api {
namespace {

using domain::Error;
using domain::ErrorClass;
using json = nlohmann::json;
// Nested request_ids keep the client's key order when echoed (B-3), hence ordered_json.
using ordered_json = nlohmann::ordered_json;

// ---- string and scalar output ------------------------------------------------------------------

std::string json_string_text(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  append_json_string(out, text);
  return out;
}

template <typename Integer>
std::string json_integer_text(Integer value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// Floats go through the library so that the echo matches what its DOM would dump ("1.0", "1e+300").
std::string json_float_text(double value) { return ordered_json(value).dump(); }

// ---- nested request_id values ------------------------------------------------------------------

// Builds an object/array request_id from SAX events without recursion. Rare, so a DOM is fine
// here; duplicate keys behave as in nlohmann's own DOM parser (last value wins, first position).
class ValueBuilder {
 public:
  void start(bool is_object) {
    root_ = is_object ? ordered_json::object() : ordered_json::array();
    open_.assign(1, &root_);
  }

  void add(ordered_json value) { insert(std::move(value)); }

  void open(bool is_object) {
    open_.push_back(&insert(is_object ? ordered_json::object() : ordered_json::array()));
  }

  void key(std::string& name) { key_ = std::move(name); }

  // True when the outermost container has just closed.
  bool close() {
    open_.pop_back();
    return open_.empty();
  }

  std::string dump() const { return root_.dump(); }

 private:
  // Parents stay put while a child is open (only the innermost container grows), so the pointers
  // in open_ remain valid.
  ordered_json& insert(ordered_json value) {
    ordered_json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return parent.back();
    }
    ordered_json& slot = parent[key_];
    slot = std::move(value);
    return slot;
  }

  ordered_json root_;
  std::vector<ordered_json*> open_;
  std::string key_;
};

// ---- the SAX handler ---------------------------------------------------------------------------

// What one candidate top-level key (`requests` or `request`) held; a repeated key starts over
// (last wins, as in a DOM).
struct RowsSlot {
  bool present = false;
  bool is_array = false;
  std::size_t count = 0;  // entries seen, including those past kBulkMaxRows that are not kept
  bool request_id_too_deep = false;
  std::vector<BulkRowRequest> rows;

  void reset(bool array) {
    present = true;
    is_array = array;
    count = 0;
    request_id_too_deep = false;
    rows.clear();
  }
};

enum class RowKey { ApiSuffix, RequestId, Other };

// Where a scalar value lands.
enum class Sink { None, Capture, ApiSuffix, RequestId };

// Walks the document by depth: 0 outside everything, 1 inside the top-level object, 2 inside the
// rows array, 3 inside a row object. Containers nobody needs are skipped by depth alone, so deep
// unknown values cost nothing and nothing here recurses.
class BulkSaxHandler final : public nlohmann::json_sax<json> {
 public:
  bool null() override { return scalar([] { return ordered_json(nullptr); }, [] { return std::string("null"); }); }
  bool boolean(bool value) override {
    return scalar([&] { return ordered_json(value); }, [&] { return std::string(value ? "true" : "false"); });
  }
  bool number_integer(number_integer_t value) override {
    return scalar([&] { return ordered_json(value); }, [&] { return json_integer_text(value); });
  }
  bool number_unsigned(number_unsigned_t value) override {
    return scalar([&] { return ordered_json(value); }, [&] { return json_integer_text(value); });
  }
  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return scalar([&] { return ordered_json(value); }, [&] { return json_float_text(value); });
  }
  bool string(string_t& value) override {
    switch (sink()) {
      case Sink::Capture: builder_.add(ordered_json(std::move(value))); break;
      case Sink::ApiSuffix: row_.api_suffix = std::move(value); break;
      case Sink::RequestId: row_.request_id_json = json_string_text(value); break;
      case Sink::None: break;
    }
    return true;
  }
  bool binary(binary_t& /*value*/) override { return true; }  // never produced by the JSON reader

  bool start_object(std::size_t /*elements*/) override { return open(true); }
  bool start_array(std::size_t /*elements*/) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& name) override {
    if (skip_until_) return true;
    if (capturing_) {
      builder_.key(name);
    } else if (depth_ == kTop) {
      pending_slot_ = name == "requests" ? &requests_ : name == "request" ? &request_ : nullptr;
    } else if (depth_ == kRow) {
      row_key_ = name == "api_suffix" ? RowKey::ApiSuffix : name == "request_id" ? RowKey::RequestId : RowKey::Other;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*error*/) override {
    error_position_ = position;
    return false;
  }

  std::expected<BulkRequest, Error> result(bool parsed) {
    const auto invalid = [](std::string message) {
      return std::unexpected(Error{ErrorClass::InvalidRequest, std::move(message)});
    };
    if (!parsed) {
      return invalid(fmt::format("The request body is not valid JSON (error at byte {}).", error_position_));
    }
    if (!top_is_object_) return invalid("The request body must be a JSON object with a \"requests\" array.");
    // B-1 [dec]: `request` (the documents' prose) counts only when `requests` is absent.
    RowsSlot* slot = requests_.present ? &requests_ : request_.present ? &request_ : nullptr;
    if (slot == nullptr) return invalid("The request body has no \"requests\" array.");
    const char* name = slot == &requests_ ? "requests" : "request";
    if (!slot->is_array) return invalid(fmt::format("\"{}\" must be an array of requests.", name));
    if (slot->count == 0) return invalid(fmt::format("\"{}\" must contain at least one request.", name));
    if (slot->count > kBulkMaxRows) {
      return std::unexpected(Error{ErrorClass::RequestTooLarge,
                                   fmt::format("\"{}\" has {} entries; at most {} are allowed.", name,
                                               slot->count, kBulkMaxRows)});
    }
    if (slot->request_id_too_deep) {
      return invalid(fmt::format("A request_id is nested more than {} levels deep.", kBulkMaxRequestIdDepth));
    }
    return BulkRequest{std::move(slot->rows)};
  }

 private:
  static constexpr std::size_t kTop = 1;
  static constexpr std::size_t kRows = 2;
  static constexpr std::size_t kRow = 3;

  // Scalars: `make_value` feeds a nested request_id, `make_text` a scalar request_id; anything
  // else where a row field is expected just clears api_suffix (it is not a string).
  template <typename MakeValue, typename MakeText>
  bool scalar(MakeValue make_value, MakeText make_text) {
    switch (sink()) {
      case Sink::Capture: builder_.add(make_value()); break;
      case Sink::ApiSuffix: row_.api_suffix.reset(); break;
      case Sink::RequestId: row_.request_id_json = make_text(); break;
      case Sink::None: break;
    }
    return true;
  }

  // Handles the structural meaning of a scalar at the current depth and says where its value goes.
  Sink sink() {
    if (skip_until_) return Sink::None;
    if (capturing_) return Sink::Capture;
    switch (depth_) {
      case 0: top_is_object_ = false; return Sink::None;
      case kTop:
        if (pending_slot_ != nullptr) pending_slot_->reset(false);
        return Sink::None;
      case kRows:
        add_malformed_row();
        return Sink::None;
      case kRow:
        if (row_key_ == RowKey::ApiSuffix) return Sink::ApiSuffix;
        if (row_key_ == RowKey::RequestId) return Sink::RequestId;
        return Sink::None;
      default: return Sink::None;  // deeper levels are always skipped or captured
    }
  }

  bool open(bool is_object) {
    const std::size_t level = depth_++;
    if (skip_until_) return true;
    if (capturing_) {
      if (depth_ - kRow > kBulkMaxRequestIdDepth) {
        slot_->request_id_too_deep = true;
        capturing_ = false;
        skip_until_ = kRow;
      } else {
        builder_.open(is_object);
      }
      return true;
    }
    switch (level) {
      case 0:
        top_is_object_ = is_object;
        if (!is_object) skip_until_ = level;
        return true;
      case kTop:
        if (pending_slot_ != nullptr) pending_slot_->reset(!is_object);
        if (pending_slot_ != nullptr && !is_object) {
          slot_ = pending_slot_;
        } else {
          skip_until_ = level;
        }
        return true;
      case kRows:
        if (!is_object) {
          add_malformed_row();
          skip_until_ = level;
        } else if (++slot_->count <= kBulkMaxRows) {
          row_ = BulkRowRequest{};
          row_key_ = RowKey::Other;
        } else {
          skip_until_ = level;  // counted, not kept: memory stays bounded
        }
        return true;
      case kRow:
        if (row_key_ == RowKey::RequestId) {
          row_.request_id_json.reset();
          builder_.start(is_object);
          capturing_ = true;
        } else {
          if (row_key_ == RowKey::ApiSuffix) row_.api_suffix.reset();
          skip_until_ = level;
        }
        return true;
      default: return true;  // unreachable: deeper levels are skipped or captured
    }
  }

  bool close() {
    const std::size_t level = --depth_;
    if (skip_until_) {
      if (level == *skip_until_) skip_until_.reset();
      return true;
    }
    if (capturing_) {
      if (builder_.close()) {
        row_.request_id_json = builder_.dump();
        capturing_ = false;
      }
      return true;
    }
    if (level == kRows) {
      row_.malformed = !row_.api_suffix.has_value();  // B-2
      slot_->rows.push_back(std::move(row_));
    } else if (level == kTop) {
      slot_ = nullptr;
    }
    return true;
  }

  // B-2: an entry that is not an object is an error row without a request_id.
  void add_malformed_row() {
    if (++slot_->count <= kBulkMaxRows) slot_->rows.push_back(BulkRowRequest{std::nullopt, std::nullopt, true});
  }

  std::size_t depth_ = 0;
  std::optional<std::size_t> skip_until_;  // set while skipping: the depth at which skipping ends
  bool top_is_object_ = false;
  RowsSlot requests_;
  RowsSlot request_;
  RowsSlot* pending_slot_ = nullptr;  // the slot the next top-level value belongs to, if any
  RowsSlot* slot_ = nullptr;          // the slot whose array is open
  BulkRowRequest row_;
  RowKey row_key_ = RowKey::Other;
  bool capturing_ = false;
  ValueBuilder builder_;
  std::size_t error_position_ = 0;
};

// A row is roughly this long in the documents' example (the tracking URL dominates).
constexpr std::size_t kTypicalRowBytes = 320;

}  // namespace

std::expected<BulkRequest, domain::Error> parse_bulk_request(std::string_view body) {
  BulkSaxHandler handler;
  bool parsed = false;
  try {
    parsed = json::sax_parse(body, &handler);
  } catch (const json::exception&) {
    parsed = false;  // defensive: the reader reports errors through parse_error, not by throwing
  }
  return handler.result(parsed);
}

BulkResponseWriter::BulkResponseWriter(std::size_t expected_rows) {
  out_.reserve(16 + std::min(expected_rows, kBulkMaxRows) * kTypicalRowBytes);
  out_ += R"({"responses":[)";
}

void BulkResponseWriter::open_row(const std::optional<std::string>& request_id_json) {
  if (!first_row_) out_ += ',';
  first_row_ = false;
  out_ += '{';
  if (request_id_json) {
    out_ += R"("request_id":)";
    out_ += *request_id_json;
    out_ += ',';
  }
}

void BulkResponseWriter::add_success(const std::optional<std::string>& request_id_json,
                                     const BulkRowSuccess& row) {
  open_row(request_id_json);
  out_ += R"("promo_number_formatted":)";
  append_json_string(out_, row.promo_number_formatted);
  out_ += R"(,"promo_number":)";
  append_json_string(out_, row.promo_number);
  out_ += R"(,"tracking_url":)";
  append_json_string(out_, row.tracking_url);
  if (row.overflow) out_ += R"(,"overflow":true)";  // B-5: omitted when false
  out_ += '}';
}

void BulkResponseWriter::add_error(const std::optional<std::string>& request_id_json, const BulkRowError& row) {
  open_row(request_id_json);
  out_ += R"("error_class":)";
  append_json_string(out_, domain::class_name(row.error_class));
  out_ += R"(,"message":)";
  append_json_string(out_, row.message);
  out_ += '}';
}

std::string BulkResponseWriter::finish() {
  out_ += "]}";
  return std::move(out_);
}

}  // namespace ringpool::api
