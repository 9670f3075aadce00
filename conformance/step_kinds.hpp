// The step kinds of the scenario vocabulary, each registered once: its TOML key, the keys it
// accepts, how its value is read, what its expectations judge, and the request it sends. Adding a
// kind means one enum value (scenario.hpp) and one entry in step_kinds.cpp; the parser, the runner
// and the documentation check (a test compares scenarios/README.md) all read this list.
#pragma once

#include "conformance/scenario.hpp"
#include "conformance/target.hpp"
#include "conformance/toml_reader.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ringpool::conformance {

class RequestBuilder;

// What a step sends: the API it goes to, the request, and a JSON body that is serialised last
// (authentication may still add `oauth_token` to it).
struct OutgoingRequest {
  ApiKind api = ApiKind::Management;
  api::Request request;
  std::optional<nlohmann::json> body;
};

struct StepKindInfo {
  StepKind kind;
  std::string_view key;                    // the TOML key that names the kind
  std::string_view sends;                  // one line: what it does (docs, messages)
  std::span<const std::string_view> keys;  // keys it accepts besides kMetaStepKeys
  bool sends_request = true;               // false: judged without a request (distinct)
  bool records_pool = false;               // a pool answer is recorded under the step's alias
  bool creates_pool = false;               // ... and deleted when the scenario ends
  bool reads_format = false;               // legacy answers are read in the step's `format`
  // Reads the kind's own value into `out` once the step's other keys are read (so it can check
  // their combinations); returns how reports name the step ("allocate p (json)").
  std::string (*parse)(const TomlReader& reader, const toml::table& step, const toml::node& value, Step& out);
  // Sets api, method, target and body of the request; null when the kind sends none.
  void (*build)(const RequestBuilder& builder, const Step& step, OutgoingRequest& out);
  // The capability the step needs because of what it sends ("clock-advance" for advance, the
  // endpoint's for a control request); empty for none. Null: never any.
  std::string_view (*needs)(const Step& step) = nullptr;

  // What the step's expectations judge: the response, or (distinct) a captured list.
  unsigned subject() const { return sends_request ? subject::kResponse : subject::kList; }
};

// Keys every step may have: what it is for, its clause, and its expectations.
inline constexpr std::string_view kMetaStepKeys[] = {"note", "clause", "comment", "expect", "strict", "reference"};
// Keys every step that sends a request may have.
inline constexpr std::string_view kRequestStepKeys[] = {"on", "repeat", "query", "headers", "capture", "expect_success"};

std::span<const StepKindInfo> step_kinds();
// Every capability `step` needs, with why ("advance", "on = \"second\""): its kind's, and its
// network's (`on`, `auth = "other-network"`). Placeholders naming another network are found by
// the parser, which sees the step's raw text.
std::vector<std::pair<std::string, std::string>> step_needs(const Step& step);

// True when nothing of the step is judged in `profile` (no tier at or below it, and no default
// success check) and it keeps nothing for later steps (no capture, no pool recorded; advance and
// set_bulk always run). Such a step is not sent in that profile: a read changes nothing, and a
// write nothing judges must not change what later checks rely on (a valid server may take the
// [dec]-invalid input the reference refuses); a capability only it needs (an inspect step with
// only [ref] checks) does not keep the scenario from running.
bool step_idle_in(const Step& step, Profile profile);
const StepKindInfo& step_kind_info(StepKind kind);
const StepKindInfo* find_step_kind(std::string_view key);

}  // namespace ringpool::conformance
