// Escaping text for XML content and attributes, shared by the query and restXml protocols.
#pragma once

#include <string>
#include <string_view>

namespace stepshift::api {

std::string XmlEscape(std::string_view text);

}  // namespace stepshift::api
