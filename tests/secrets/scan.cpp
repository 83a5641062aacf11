#include "secrets/scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "matrix/client.hpp"
#include "support/files.hpp"

namespace mxc::test {

namespace {

// A value as it would appear written plainly, in a URL (percent-encoded) or in JSON ('/'
// escaped, which nlohmann never does but another writer may).
std::vector<std::string> spellings(const std::string& value) {
    std::vector<std::string> out{value, matrix::encode_segment(value)};
    std::string json_escaped;
    for (char c : value) json_escaped += c == '/' ? std::string("\\/") : std::string(1, c);
    out.push_back(json_escaped);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void scan_text(const std::vector<secret>& secrets, const std::string& where,
               const std::string& text, std::vector<std::string>& hits) {
    for (const auto& s : secrets) {
        for (const auto& form : spellings(s.value)) {
            for (auto at = text.find(form); at != std::string::npos; at = text.find(form, at + 1)) {
                const auto line = 1 + std::count(text.begin(), text.begin() + at, '\n');
                hits.push_back(
                    fmt::format("{} {}... in {}:{}", s.kind, s.value.substr(0, 6), where, line));
            }
        }
    }
}

}  // namespace

std::vector<secret> read_ledger(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error(file.string() + ": cannot read the secret ledger");
    std::vector<secret> out;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos || tab == 0 || tab + 1 == line.size())
            throw std::runtime_error(fmt::format("{}:{}: not 'kind<TAB>value'", file.string(), n));
        out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return out;
}

std::vector<std::string> find_secrets(const std::vector<secret>& secrets,
                                      const std::filesystem::path& report_dir,
                                      const std::string& console) {
    std::vector<std::string> hits;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(report_dir)) {
        if (!entry.is_regular_file()) continue;
        scan_text(secrets, std::filesystem::relative(entry.path(), report_dir).string(),
                  read_text(entry.path()), hits);
    }
    scan_text(secrets, "console", console, hits);
    return hits;
}

}  // namespace mxc::test
