// The Kubernetes recipe of `ringpool simulate` (scenarios/plans/kubernetes/) runs as written: the
// YAML parses, the results volume is ReadWriteMany, the plan is a ConfigMap holding exactly the
// example plan, the Indexed Job's shard count is its completions, and its commands, run here with
// JOB_COMPLETION_INDEX set for every index and the volumes mapped to local folders, followed by
// the merge Job's command, write exactly the report a whole run in this process writes.
#include "tests/support/ringpool_binary.hpp"
#include "tests/simulate/simulate_fixture.hpp"
#include "tests/simulate/yaml_tree.hpp"

#include "reports/simulation_csv.hpp"
#include "reports/simulation_html.hpp"
#include "reports/simulation_json.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;
namespace fs = std::filesystem;
using ringpool::test::yaml::Node;

namespace {

const Node& document_of_kind(const std::vector<Node>& documents, std::string_view kind, std::string_view name) {
  for (const Node& document : documents)
    if (document["kind"].scalar == kind && document["metadata"]["name"].scalar == name) return document;
  BOOST_FAIL("no " << kind << " named " << name);
  return documents.front();
}

std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Local folders for a pod's volumes: a ConfigMap's items as files, a claim as a folder every Job
// shares (what ReadWriteMany gives the pods).
std::map<std::string, fs::path> mount(const Node& pod, const std::vector<Node>& documents, const fs::path& root) {
  std::map<std::string, fs::path> mounts;
  const Node& container = pod["containers"].items.at(0);
  for (const Node& volume_mount : container["volumeMounts"].items) {
    for (const Node& volume : pod["volumes"].items) {
      if (volume["name"].scalar != volume_mount["name"].scalar) continue;
      fs::path local;
      if (volume.has("configMap")) {
        const std::string name = volume["configMap"]["name"].scalar;
        local = root / ("configmap-" + name);
        fs::create_directories(local);
        for (const auto& [file, content] : document_of_kind(documents, "ConfigMap", name)["data"].entries) {
          std::ofstream out(local / file, std::ios::binary);
          out << content.scalar;
        }
      } else {
        local = root / ("claim-" + volume["persistentVolumeClaim"]["claimName"].scalar);
        fs::create_directories(local);
      }
      mounts[volume_mount["mountPath"].scalar] = local;
    }
  }
  return mounts;
}

// Runs the pod's `sh -c` command with its mount paths replaced by the local folders.
int run_pod(const Node& pod, const std::vector<Node>& documents, const fs::path& root, const std::string& environment) {
  const Node& container = pod["containers"].items.at(0);
  BOOST_TEST_REQUIRE(container["command"].items.size() == 2u);
  BOOST_TEST_REQUIRE(container["command"].items[0].scalar == "sh");
  BOOST_TEST_REQUIRE(container["command"].items[1].scalar == "-c");
  std::string command = container["args"].items.at(0).scalar;
  for (const auto& [mount_path, local] : mount(pod, documents, root))
    command = std::regex_replace(command, std::regex(" " + mount_path + "(?=[/ ]|$)"), " " + local.string());
  const std::string binary_dir = fs::path(ringpool::testing::ringpool_binary()).parent_path().string();
  const std::string line = fmt::format("PATH={}:\"$PATH\" {} sh -c {} >> {} 2>&1", single_quoted(binary_dir), environment,
                                       single_quoted(command), single_quoted((root / "pods.log").string()));
  return std::system(line.c_str());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(kubernetes_recipe_runs_as_written_and_merges_into_the_whole_run) {
  std::vector<Node> documents = ringpool::test::yaml::parse_documents(
      read_repository_file("scenarios/plans/kubernetes/ringpool-shards.yaml"));
  for (Node& merge : ringpool::test::yaml::parse_documents(read_repository_file("scenarios/plans/kubernetes/ringpool-merge.yaml")))
    documents.push_back(std::move(merge));
  const Node& claim = document_of_kind(documents, "PersistentVolumeClaim", "ringpool-results");
  BOOST_TEST(claim["spec"]["accessModes"].items.at(0).scalar == "ReadWriteMany");
  const Node& plan = document_of_kind(documents, "ConfigMap", "ringpool-plan");
  BOOST_TEST(plan["data"]["small-local-business.toml"].scalar ==
             read_repository_file("scenarios/plans/small-local-business.toml"));
  const Node& shards = document_of_kind(documents, "Job", "ringpool-shards");
  BOOST_TEST(shards["spec"]["completionMode"].scalar == "Indexed");
  const int completions = std::stoi(shards["spec"]["completions"].scalar);
  const Node& pod = shards["spec"]["template"]["spec"];
  BOOST_TEST(pod["containers"].items.at(0)["args"].items.at(0).scalar.find(fmt::format(")/{} ", completions)) !=
             std::string::npos);

  char pattern[] = "/tmp/ringpool-kubernetes-XXXXXX";
  BOOST_TEST_REQUIRE(mkdtemp(pattern) != nullptr);
  const fs::path root = pattern;
  for (int index = 0; index < completions; ++index)
    BOOST_TEST_REQUIRE(run_pod(pod, documents, root, fmt::format("JOB_COMPLETION_INDEX={}", index)) == 0,
                       "shard pod " << index << " failed; see " << (root / "pods.log").string());
  const Node& merge = document_of_kind(documents, "Job", "ringpool-merge");
  BOOST_TEST_REQUIRE(run_pod(merge["spec"]["template"]["spec"], documents, root, "") == 0,
                     "the merge pod failed; see " << (root / "pods.log").string());

  const StudyResult whole = run_whole(parse_plan_file("scenarios/plans/small-local-business.toml"), 2);
  const fs::path report = root / "claim-ringpool-results" / "report";
  BOOST_TEST(read_repository_file(report / "simulation.json") == ringpool::reports::render_simulation_json(whole));
  BOOST_TEST(read_repository_file(report / "simulation.html") == ringpool::reports::render_simulation_html(whole));
  BOOST_TEST(read_repository_file(report / "points.csv") == ringpool::reports::render_simulation_points_csv(whole));
  BOOST_TEST(read_repository_file(report / "runs.csv") == ringpool::reports::render_simulation_runs_csv(whole));
  fs::remove_all(root);
}

BOOST_AUTO_TEST_SUITE_END()
