// What one scenario run builds up while its steps run: the pools it made (by alias), the values it
// captured, and where it is (step, repetition). Placeholders, request building, captures and
// clean-up read and write it; ScenarioRun owns it.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ringpool::conformance {

// A ${...} the scenario cannot define, or a body the step kind cannot send: a mistake in the
// scenario, reported as a failed check of it.
struct PlaceholderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A step needs something an earlier step should have made (a pool whose create failed): the
// scenario stops, failed, with this reason.
struct MissingPrerequisite : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A step that would address an id the run cannot make its own (an empty id_from_network, a pool
// or campaign the run did not create) on a live server: it is not sent there, so the run touches
// only what it created. The step is reported as a skipped check, with this reason.
struct NotSentToLiveTarget : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct PoolRecord {
  std::string name;      // id_from_network
  std::string id;        // allocation id
  std::string key;       // allocation key
  std::string context;   // the network table it lives in: primary | second | bulk | tags
  std::string campaign;  // the campaign it lives in
};

struct ScenarioState {
  std::string run_prefix;                    // ${run}: unique to the run and the scenario
  std::map<std::string, PoolRecord> pools;   // by alias
  std::vector<std::string> created;          // aliases to delete at the end, in creation order
  std::map<std::string, std::vector<std::string>> captures;  // list name -> values, in order
  int iteration = 1;                         // ${i}: the repetition of the current step
  std::string step_context = "primary";      // the current step's network table
  // A live server keeps what a run leaves and holds what others made: every state-changing request
  // must address only what the run created (request_builder.hpp). False in process (a fresh world).
  bool live_target = false;
};

}  // namespace ringpool::conformance
