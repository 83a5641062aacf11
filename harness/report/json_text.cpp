#include "report/json_text.hpp"

#include "report/sanitize.hpp"

namespace mxc::report {

std::string dump(const ojson& j) {
    return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

ojson to_json(const core::header_list& headers) {
    ojson out = ojson::array();
    for (const auto& [name, value] : headers) out.push_back(ojson::array({name, value}));
    return out;
}

ojson to_json(const core::transcript_entry& entry) {
    if (auto* e = std::get_if<core::exchange_record>(&entry)) {
        return ojson{{"kind", "exchange"},
                     {"t_ms", e->t_ms},
                     {"actor", e->actor},
                     {"method", e->method},
                     {"target", e->target},
                     {"request_headers", to_json(e->request_headers)},
                     {"request_body", e->request_body},
                     {"status", e->status},
                     {"response_headers", to_json(e->response_headers)},
                     {"response_body", e->response_body},
                     {"elapsed_ms", e->elapsed_ms},
                     {"error", e->error}};
    }
    if (auto* w = std::get_if<core::wait_record>(&entry)) {
        return ojson{
            {"kind", "wait"},          {"t_ms", w->t_ms},           {"what", w->what},
            {"bound_ms", w->bound_ms}, {"waited_ms", w->waited_ms}, {"satisfied", w->satisfied},
            {"detail", w->detail}};
    }
    const auto& n = std::get<core::note_record>(entry);
    return ojson{{"kind", "note"}, {"t_ms", n.t_ms}, {"text", n.text}};
}

ojson transcript_json(const core::case_result& r) {
    ojson entries = ojson::array();
    for (const auto& e : r.transcript) entries.push_back(to_json(e));
    return ojson{
        {"id", def_of(r).id}, {"verdict", core::to_string(r.v)}, {"entries", std::move(entries)}};
}

}  // namespace mxc::report
