#include "matrix/mock_routes.hpp"

#include <boost/url/pct_string_view.hpp>

namespace mxc::matrix {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string_view::npos ? path.size() : slash;
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool is_param(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

mock_answer mock_answer::error(unsigned status, std::string_view errcode,
                               std::string_view message) {
    return reply(status, json{{"errcode", errcode}, {"error", message}});
}

void mock_route_table::add(mock_route route) {
    for (auto& r : routes_)
        if (r.method == route.method && r.path_template == route.path_template) {
            r = std::move(route);
            return;
        }
    routes_.push_back(std::move(route));
}

std::optional<mock_route_table::match> mock_route_table::find(net::http::verb method,
                                                              std::string_view path) const {
    const auto given = segments(path);
    for (const auto& r : routes_) {
        if (r.method != method) continue;
        const auto wanted = segments(r.path_template);
        if (wanted.size() != given.size()) continue;
        match m{r, {}, {}};
        bool same = true;
        for (std::size_t i = 0; same && i < wanted.size(); ++i) {
            if (!is_param(wanted[i])) {
                same = wanted[i] == given[i];
                continue;
            }
            const auto name = std::string(wanted[i].substr(1, wanted[i].size() - 2));
            auto decoded = boost::urls::make_pct_string_view(given[i]);
            if (decoded) {
                m.params[name] = decoded->decode();
            } else {
                m.params[name] = std::string(given[i]);
                m.bad_param = std::string(given[i]);
            }
        }
        if (same) return m;
    }
    return std::nullopt;
}

}  // namespace mxc::matrix
