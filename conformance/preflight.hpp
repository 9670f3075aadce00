// Preflight: before any scenario (or check run, or load), is the target set up as the target file
// says? Setup mistakes are told apart from spec failures here, each with the line that fixes it,
// and nothing runs while one is left (exit 2). Every request it sends is one a valid server
// answers without changing state, and it judges only what [doc] sentences fix:
//   - each base URL answers, over the scheme its URL says (connection_diagnosis.hpp otherwise);
//   - each network table's token is accepted (in the form the target file declares, else the
//     first form of token_form.hpp the server takes) and its campaigns exist: the campaign's list answers
//     200 with a JSON array (M-1), 401 a refused token (M-6), 404 an unknown campaign;
//   - no pool of this run's id exists yet (so the run touches only what it creates);
//   - the control token, when the server has a control API, is accepted (T-4: 403 otherwise);
//   - declared facts agree with what the server answers (T-5): a declared control endpoint is
//     there, the pool body fields [pool_identity] names are in the pools a list shows.
// What cannot be checked without changing state (a Bulk-enabled advertiser, the affiliate, the
// host in object_url, declared inventory) is reported "not verified", never as a failure.
#pragma once

#include "conformance/http_target.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"
#include "conformance/target_tokens.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ringpool::conformance {

enum class PreflightStatus { Ok, NotVerified, Problem };
const char* preflight_status_name(PreflightStatus status);  // "ok", "not verified", "problem"

struct PreflightItem {
  std::string subject;  // "reachable", "[primary] token", "[bulk] campaign", "control token", "run id", ...
  PreflightStatus status = PreflightStatus::Ok;
  std::string detail;   // what was seen (no secret: tokens are named by their source)
  std::string fix;      // for a problem: the one line that fixes it
};

struct PreflightReport {
  std::vector<PreflightItem> items;  // in the order checked
  bool ringpool_server = false;      // an answer said `Server: ringpool/...`
  // How each table's token was taken (or last tried): the run sends it so (apply_token_forms).
  std::map<std::string, TokenForm, std::less<>> token_forms;

  const PreflightItem* first_problem() const;
  bool ok() const { return first_problem() == nullptr; }
};

// Diagnoses a base URL that gave no answer (connection_diagnosis.hpp in production; tests stub it).
using ConnectionDiagnoser = std::function<std::pair<std::string, std::string>(const std::string& base_url,
                                                                               const std::string& transport_error)>;

struct PreflightOptions {
  std::string run_id;         // a pool whose id_from_network starts with it already exists: a problem
  std::string control_token;  // empty: none was given
  // The description is the built-in default (no --target-file): acceptable only for a server that
  // says it is a ringpool (`Server: ringpool/...`).
  bool default_description = false;
  // Where each table's token came from (resolve_tokens), so that a refused one is named by its
  // source and its fix names the variable to set. Tables not listed are named "the target file".
  std::vector<TokenOrigin> token_origins;
  ConnectionDiagnoser diagnose;  // may be empty: the transport error is reported as it is
};

// Sends only requests that change nothing on a valid server. In process the same requests go to
// the reference, so a test sees what a vendor would.
PreflightReport run_preflight(Target& target, const TargetDescription& description, const PreflightOptions& options);

// Writes the forms preflight found into the description's network tables.
void apply_token_forms(const PreflightReport& report, TargetDescription& description);

// "[primary] token refused: GET ... answered 401. Fix: export RINGPOOL_TOKEN=..." — one line.
std::string preflight_problem_line(const PreflightItem& item);

}  // namespace ringpool::conformance
