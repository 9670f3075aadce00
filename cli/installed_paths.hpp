// Where the files ringpool ships are, found at run time from where the executable is: the
// scenarios and plans (<prefix>/share/ringpool) and the guides (<prefix>/share/doc/ringpool), or,
// run from a checkout, the source tree's. Help texts name files through these, so that every path
// they give exists where the user runs them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ringpool::cli {

// <prefix>/share/ringpool for the running executable (empty when it cannot be found).
std::filesystem::path installed_data_dir();
// <prefix>/share/doc/ringpool.
std::filesystem::path installed_doc_dir();

// The scenarios shipped with ringpool: ./scenarios when run from a checkout (a folder with the
// scenario guide), else the installed ones next to the executable. Empty when neither exists.
std::filesystem::path default_scenarios_dir();

// A shipped data file by its path in the source tree ("conformance/targets/variant.toml") and
// under the data directory ("targets/variant.toml"; by default the same as in the source): the
// source path when it exists from here (a checkout), else where the package installs it.
std::string shipped_file(std::string_view source_path, std::string_view installed_path = {});

// A guide by the name the package installs it under ("LOAD.md"): its installed path when
// installed, else its path in a checkout when run from one, else where the package puts it.
// Only names of kGuides.
std::string guide(std::string_view installed_name);

// The guides the package installs (share/doc/ringpool/<installed>) and their source files; the
// top-level CMakeLists.txt installs the same list, and scripts/check-install.sh checks both.
struct Guide {
  std::string_view installed;
  std::string_view source;
};
inline constexpr Guide kGuides[] = {
    {"README.md", "README.md"},
    {"VENDORS.md", "conformance/VENDORS.md"},
    {"CHECK.md", "conformance/CHECK.md"},
    {"LOAD.md", "load/README.md"},
    {"TRANSPORT.md", "transport/README.md"},
};

}  // namespace ringpool::cli
