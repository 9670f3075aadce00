#include "conformance/scenario_run.hpp"

#include "conformance/captures.hpp"
#include "conformance/cleanup.hpp"
#include "conformance/judging.hpp"
#include "conformance/placeholders.hpp"
#include "conformance/request_builder.hpp"
#include "conformance/response_view.hpp"
#include "conformance/scenario_state.hpp"
#include "conformance/world_facts.hpp"
#include "reference/world_file/world_toml.hpp"
#include "sim/core/rng.hpp"

#include <fmt/format.h>

namespace ringpool::conformance {

namespace {

// A control endpoint that answers this is not there (T-4: a vendor may implement any subset).
bool endpoint_missing(int status) { return status == 404 || status == 405 || status == 501; }

bool expects_status(const Step& step, int status) {
  for (const Expectations* tier : {&step.expect.doc, &step.expect.dec, &step.expect.ref})
    if (const Expectation* expected = tier->find("status")) {
      const auto& codes = std::get<std::vector<int>>(expected->value);
      if (std::find(codes.begin(), codes.end(), status) != codes.end()) return true;
    }
  return false;
}

// A result naming the scenario, before anything ran.
ScenarioResult scenario_result_head(const Scenario& scenario, const RunOptions& options) {
  ScenarioResult result;
  result.id = scenario.id;
  result.title = scenario.title;
  result.clauses = scenario.clauses;
  result.profile = scenario.profile;
  result.reproduce = fmt::format("{} --scenarios {}", options.reproduce_prefix, scenario.path);
  return result;
}

// A capability the scenario lists is needed in this run unless only steps that are not sent in
// this profile (step_idle_in) use it.
bool needed_in_profile(const Scenario& scenario, std::string_view name, Profile profile) {
  bool used_by_a_step = false, used_by_a_live_step = false;
  for (const Step& step : scenario.steps)
    for (const auto& [capability, why] : step.needs)
      if (capability == name) {
        used_by_a_step = true;
        used_by_a_live_step = used_by_a_live_step || !step_idle_in(step, profile);
      }
  return !used_by_a_step || used_by_a_live_step;  // world and fault-injection come from the world
}

class ScenarioRun {
 public:
  ScenarioRun(Target& target, const Scenario& scenario, const RunOptions& options, Capabilities& capabilities,
              RunListener* listener)
      : target_(target),
        scenario_(scenario),
        options_(options),
        capabilities_(capabilities),
        listener_(listener),
        placeholders_(scenario, options.description, state_),
        builder_(options, state_, placeholders_) {
    result_ = scenario_result_head(scenario, options);
    state_.run_prefix = scenario_run_prefix(options.run_id, scenario.id);
  }

  ScenarioResult run() {
    if (auto reason = why_not_runnable()) return skipped(std::move(*reason));
    const std::uint64_t seed = sim::Rng(options_.seed).stream("scenario/" + scenario_.id).seed();
    const std::optional<std::string> world = scenario_world(scenario_);
    if (auto begun = target_.begin_scenario(seed, world); !begun) {
      result_.outcome = Outcome::Unknown;
      result_.reason = "the scenario's world could not be set: " + begun.error();
      return std::move(result_);
    }
    state_.live_target = !target_.begins_afresh();
    for (const Step& step : scenario_.steps) {
      if (stopped_) break;
      if (options_.interrupted != nullptr && options_.interrupted->load()) {
        stop_with(Outcome::Unknown, "the run was interrupted (Ctrl-C) before this scenario ended");
        break;
      }
      if (step_idle_in(step, options_.profile)) continue;  // judges nothing here, changes nothing
      try {
        if (listener_ != nullptr) listener_->step_starting(step);
        for (int i = 1; i <= step.repeat && !stopped_; ++i) run_step(step, i);
        if (listener_ != nullptr) listener_->step_finished(step);
      } catch (const NotSentToLiveTarget& not_sent) {
        skip_step(step, not_sent.what());
      } catch (const MissingPrerequisite& missing) {
        // What a step left unsent would have made is missing: not a failure of the target.
        if (steps_not_sent_ > 0) skip_step(step, fmt::format("{} (an earlier step was not sent)", missing.what()));
        else stop_with(Outcome::Failed, fmt::format("{} could not run: {}", step.title, missing.what()));
      } catch (const PlaceholderError& error) {
        fail_scenario_check(step, "scenario placeholders", "every ${...} defined", error.what());
        stopped_ = true;
      }
    }
    if (listener_ != nullptr) listener_->steps_done();
    if (!target_.begins_afresh()) {
      result_.created = clean_up(target_, scenario_, state_, options_, listener_);
      if (world) (void)target_.begin_scenario(seed, std::string(world_file::default_world_toml()));
    }
    finish();
    return std::move(result_);
  }

 private:
  // Why the scenario cannot run on this target in this profile, if it cannot.
  std::optional<std::string> why_not_runnable() const { return scenario_unrunnable(scenario_, options_, capabilities_); }

  ScenarioResult skipped(std::string reason) {
    result_.outcome = Outcome::Skipped;
    result_.reason = std::move(reason);
    return std::move(result_);
  }

  void stop_with(Outcome outcome, std::string reason) {
    stopped_ = true;
    if (result_.reason.empty()) result_.reason = std::move(reason);
    if (outcome == Outcome::Unknown) unknown_ = true;
  }

  void finish() {
    bool failed = false;
    for (const CheckResult& check : result_.checks) failed = failed || check.outcome == Outcome::Failed;
    if (!failed && missing_endpoint_) {
      // What ran before the endpoint was found missing proves nothing on its own: skipped, with
      // the reason, and no check counted. (A failure before it stands: it did not depend on it.)
      result_.outcome = Outcome::Skipped;
      result_.checks.clear();
      result_.exchanges.clear();
      return;
    }
    if (failed) result_.outcome = Outcome::Failed;
    else if (unknown_) result_.outcome = Outcome::Unknown;
    else if (stopped_ && !result_.reason.empty()) result_.outcome = Outcome::Failed;
    else result_.outcome = Outcome::Passed;
    if (result_.outcome == Outcome::Passed) result_.reason.clear();
  }

  // A step not sent (request_builder.hpp: it would address what the run did not create).
  void skip_step(const Step& step, std::string why) {
    ++steps_not_sent_;
    CheckResult check;
    check.clause = step.clause;
    check.step = step.title;
    check.what = "not sent";
    check.expected = "a request that touches only what the run created";
    check.actual = std::move(why);
    check.outcome = Outcome::Skipped;
    result_.checks.push_back(std::move(check));
  }

  // A mistake in the scenario itself, reported as a failed check of the step.
  void fail_scenario_check(const Step& step, std::string what, std::string expected, std::string actual) {
    CheckResult check;
    check.clause = step.clause;
    check.step = step.title;
    check.what = std::move(what);
    check.expected = std::move(expected);
    check.actual = std::move(actual);
    check.outcome = Outcome::Failed;
    result_.checks.push_back(std::move(check));
  }

  CheckContext check_context(const Step& step) const {
    CheckContext context;
    context.step = step.title;
    if (step.repeat > 1) context.step += fmt::format(" (#{})", state_.iteration);
    context.expand = [this](const std::string& text) { return placeholders_.expand(text); };
    context.captured = [this](const std::string& name) -> const std::vector<std::string>* {
      auto it = state_.captures.find(name);
      return it == state_.captures.end() ? nullptr : &it->second;
    };
    context.pool_name = [this](const std::string& alias) -> std::optional<std::string> {
      auto it = state_.pools.find(alias);
      if (it == state_.pools.end()) return std::nullopt;
      return it->second.name;
    };
    return context;
  }

  void run_step(const Step& step, int iteration) {
    state_.iteration = iteration;
    state_.step_context = step.context;
    const StepKindInfo& kind = step_kind_info(step.kind);
    if (!kind.sends_request) {
      auto it = state_.captures.find(step.alias);
      static const std::vector<std::string> none;
      judge_step(step, CheckSubject{nullptr, nullptr, it == state_.captures.end() ? &none : &it->second},
                 options_.profile, check_context(step), result_.checks);
      return;
    }
    const OutgoingRequest outgoing = builder_.build(step);
    const Exchange exchange = target_.send(outgoing.api, outgoing.request);
    const std::size_t first_check = result_.checks.size();
    if (!exchange.response) {
      CheckResult check;
      check.clause = step.clause;
      check.step = step.title;
      check.what = "response";
      check.expected = "a response";
      check.actual = exchange.transport_error;
      check.outcome = Outcome::Unknown;
      result_.checks.push_back(std::move(check));
      attach(outgoing, exchange, first_check);
      stop_with(Outcome::Unknown, fmt::format("{}: {}", step.title, exchange.transport_error));
      return;
    }
    const ResponseView view(*exchange.response, kind.reads_format ? step.format : "json", outgoing.api == ApiKind::Allocation);
    if (listener_ != nullptr) listener_->exchanged(outgoing.api, outgoing.request, view);
    if (outgoing.api == ApiKind::Control && endpoint_missing(exchange.response->status) &&
        !expects_status(step, exchange.response->status)) {
      if (const ControlEndpoint* endpoint = control_endpoint_of(outgoing.request.method, outgoing.request.path())) {
        capabilities_.lose(endpoint->capability, fmt::format("{} {} answered {} during the run", outgoing.request.method,
                                                             endpoint->path, exchange.response->status));
        missing_endpoint_ = true;
        stop_with(Outcome::Skipped, fmt::format("{}: {}", step.title, capabilities_.skip_reason(endpoint->capability)));
        return;
      }
    }
    // Recorded first, so the step's own expectations may use ${pool.<alias>.id} and the like.
    if (kind.records_pool) remember_pool(step, view, builder_, state_);
    judge_step(step, CheckSubject{&view, nullptr, nullptr}, options_.profile, check_context(step), result_.checks);
    capture_values(step, view, state_);
    attach(outgoing, exchange, first_check);
  }

  void attach(const OutgoingRequest& outgoing, const Exchange& exchange, std::size_t first_check) {
    attach_exchange(result_, first_check, outgoing.api, outgoing.request, exchange, target_.base_url(outgoing.api),
                    options_.deterministic);
  }

  Target& target_;
  const Scenario& scenario_;
  const RunOptions& options_;
  Capabilities& capabilities_;
  RunListener* listener_;
  ScenarioState state_;
  Placeholders placeholders_;
  RequestBuilder builder_;
  ScenarioResult result_;
  bool stopped_ = false;
  bool unknown_ = false;
  bool missing_endpoint_ = false;  // a control endpoint answered 404/405/501 (skipped)
  int steps_not_sent_ = 0;         // steps a live target was spared (skip_step)
};

}  // namespace

std::optional<std::string> scenario_unrunnable(const Scenario& scenario, const RunOptions& options,
                                               const Capabilities& capabilities) {
  if (static_cast<int>(scenario.profile) > static_cast<int>(options.profile))
    return fmt::format("needs the {} profile (this run is {}; use --profile {})", profile_name(scenario.profile),
                       profile_name(options.profile), profile_name(scenario.profile));
  for (const std::string& needed : scenario.requires_caps)
    if (!capabilities.has(needed) && needed_in_profile(scenario, needed, options.profile)) return capabilities.skip_reason(needed);
  for (const Step& step : scenario.steps)
    if (step.context != "primary" && options.description.context(step.context) == nullptr)
      return fmt::format("needs the '{}' network, which the target description does not have", step.context);
  // T-5: what the scenario relies on about the target's world, as far as the file declares it.
  return first_undeclared_fact(scenario, options.description, options.profile);
}

ScenarioResult skipped_scenario(const Scenario& scenario, const RunOptions& options, std::string reason) {
  ScenarioResult result = scenario_result_head(scenario, options);
  result.outcome = Outcome::Skipped;
  result.reason = std::move(reason);
  return result;
}

ScenarioResult run_scenario(Target& target, const Scenario& scenario, const RunOptions& options,
                            Capabilities& capabilities, RunListener* listener) {
  return ScenarioRun(target, scenario, options, capabilities, listener).run();
}

}  // namespace ringpool::conformance
