#include "app/gaps_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "app/curl_repro.hpp"
#include "report/compare_table.hpp"
#include "report/text_escape.hpp"

namespace mxc::app {

using namespace report;
namespace {

namespace fs = std::filesystem;

constexpr std::string_view preamble =
    "In the reproductions, `$HS` is the server's client API base URL and `$HS_FED` its "
    "federation base URL; `$ALICE_TOKEN`, `${ALICE}` and `${ALICE_DEVICE}` are the access "
    "token, user id and device id of the account called alice (likewise for the others), "
    "`${ALICE_SINCE}` the `next_batch` of alice's previous `/sync`, and `$X_MATRIX` a signed "
    "X-Matrix `Authorization` value. The harness's own account setup, sentinels and repeated "
    "`/sync` polls are left out; `--json` needs curl 7.82 or later.\n";

// The transcript of `c`, when the index names one inside its own folder.
std::optional<nlohmann::json> transcript_of(const run_index& r, const indexed_case& c) {
    const fs::path rel(c.transcript);
    if (c.transcript.empty() || rel.is_absolute()) return std::nullopt;
    for (const auto& part : rel)
        if (part == "..") return std::nullopt;
    const auto file = r.file.parent_path() / rel;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buf;
    buf << in.rdbuf();
    auto j = nlohmann::json::parse(buf.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::runtime_error(
            fmt::format("{}: not a transcript: not a JSON object", file.string()));
    return j;
}

std::string reproduction(const std::vector<run_index>& runs, const compare_row& row) {
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (!row.cells[i]) continue;
        const auto t = transcript_of(runs[i], *row.cells[i]);
        if (!t) continue;
        const auto lines = curl_lines(*t);
        if (lines.empty()) continue;
        std::string out = fmt::format("Reproduction, from the run against {}:\n\n```sh\n",
                                      markdown_text(runs[i].column));
        for (const auto& l : lines) out += l + '\n';
        return out + "```\n";
    }
    return "No transcript with a request of the case's own.\n";
}

std::string probe(const std::vector<run_index>& runs, const compare_row& row) {
    const auto& c = row.any();
    std::string out = fmt::format("\n## {}\n\n**Question:** {}\n\n", markdown_code(row.id),
                                  markdown_text(c.question));
    std::string spec = c.spec_doc;
    if (!c.spec_section.empty()) spec += (spec.empty() ? "" : ": ") + c.spec_section;
    if (!spec.empty()) out += "**Spec:** " + markdown_text(spec) + "\n\n";
    out += "| Server | Verdict | Observation |\n|---|---|---|\n";
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto* x = row.cells[i];
        out += fmt::format("| {} | {} | {} |\n", markdown_text(runs[i].column),
                           x ? markdown_text(x->verdict) : "(not run)",
                           x && !x->observation.empty() ? markdown_code(x->observation) : "");
    }
    return out + "\n" + reproduction(runs, row);
}

}  // namespace

std::string gaps_markdown(const std::vector<run_index>& runs) {
    std::string out = "# Open questions: what each server does\n\n| Server | Target | Run id |\n";
    out += "|---|---|---|\n";
    for (const auto& r : runs)
        out += fmt::format("| {} | {} | {} |\n", markdown_text(r.column), markdown_code(r.target),
                           markdown_text(r.run_id));
    out += "\n" + std::string(preamble);
    // Where the servers differ is what a spec issue is about: those probes first.
    std::vector<const compare_row*> probes;
    const auto groups = compare_groups(runs);
    for (const auto& g : groups)
        for (const auto& row : g.rows)
            if (!row.any().question.empty()) probes.push_back(&row);
    std::stable_partition(probes.begin(), probes.end(), [](const auto* r) { return r->differs; });
    for (const auto* row : probes) out += probe(runs, *row);
    if (probes.empty()) out += "\nNo case of these runs names a question.\n";
    return out;
}

}  // namespace mxc::app
