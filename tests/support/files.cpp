#include "support/files.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/temp_dir.hpp"

namespace mxc::test {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

nlohmann::json read_json(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) return nullptr;
    auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

std::string error_loading(const std::string& name, const std::string& text,
                          const std::function<void(const std::filesystem::path&)>& load) {
    temp_dir dir;
    const auto file = dir.write(name, text);
    try {
        load(file);
    } catch (const std::runtime_error& e) {
        std::string msg = e.what();
        return msg.starts_with(file.string()) ? "F" + msg.substr(file.string().size()) : msg;
    }
    return "(loaded)";
}

}  // namespace mxc::test
