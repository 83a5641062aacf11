#include "report/report_paths.hpp"

namespace mxc::report {

std::string transcript_path(std::string_view case_id) {
    std::string name;
    name.reserve(case_id.size());
    for (char c : case_id) {
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
        name += safe ? c : '_';
    }
    if (name.empty() || name.front() == '.') name.insert(name.begin(), '_');
    return std::string(transcripts_dir) + "/" + name + ".json";
}

}  // namespace mxc::report
