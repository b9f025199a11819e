package dev.gatehouse.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.directory.scim.core.json.ObjectMapperFactory;
import org.apache.directory.scim.core.repository.DefaultPatchHandler;
import org.apache.directory.scim.core.schema.SchemaRegistry;
import org.apache.directory.scim.spec.resources.ScimUser;
import org.apache.directory.scim.spec.schema.Schemas;
import org.jspecify.annotations.Nullable;

/**
 * SCIM's JSON: SCIMple's schema registry (the core User schema), its object mapper (attribute names
 * read in any case, as Entra ID sends some), its PATCH handler, and the protocol's envelopes (list,
 * error) and discovery documents.
 */
final class ScimJson {
  static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  final SchemaRegistry registry;
  final ObjectMapper mapper;
  final DefaultPatchHandler patches;

  ScimJson() {
    registry = new SchemaRegistry();
    registry.addSchema(ScimUser.class, List.of());
    ObjectMapper m = ObjectMapperFactory.createObjectMapper(registry);
    m.setConfig(
        m.getDeserializationConfig().with(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES));
    mapper = m;
    patches = new DefaultPatchHandler(registry);
  }

  String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a SCIM answer is not written", e);
    }
  }

  String error(int status, @Nullable String scimType, String detail) {
    ObjectNode n = mapper.createObjectNode();
    n.putArray("schemas").add(ERROR);
    n.put("status", Integer.toString(status));
    if (scimType != null) {
      n.put("scimType", scimType);
    }
    n.put("detail", detail);
    return write(n);
  }

  String list(List<ObjectNode> resources, int total, int startIndex) {
    ObjectNode n = mapper.createObjectNode();
    n.putArray("schemas").add(LIST);
    n.put("totalResults", total);
    n.put("startIndex", startIndex);
    n.put("itemsPerPage", resources.size());
    ArrayNode r = n.putArray("Resources");
    resources.forEach(r::add);
    return write(n);
  }

  String serviceProviderConfig(int maxResults) {
    ObjectNode n = mapper.createObjectNode();
    n.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    n.putObject("patch").put("supported", true);
    n.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
    n.putObject("filter").put("supported", true).put("maxResults", maxResults);
    n.putObject("changePassword").put("supported", false);
    n.putObject("sort").put("supported", false);
    n.putObject("etag").put("supported", false);
    n.putArray("authenticationSchemes")
        .addObject()
        .put("type", "oauthbearertoken")
        .put("name", "Directory token")
        .put(
            "description",
            "The organisation's directory token, issued by its owners, in Authorization: Bearer")
        .put("primary", true);
    n.putObject("meta").put("resourceType", "ServiceProviderConfig");
    return write(n);
  }

  ObjectNode userResourceType() {
    ObjectNode n = mapper.createObjectNode();
    n.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    n.put("id", "User");
    n.put("name", "User");
    n.put("endpoint", "/Users");
    n.put("description", "A member of the organisation");
    n.put("schema", ScimUser.SCHEMA_URI);
    n.putObject("meta").put("resourceType", "ResourceType");
    return n;
  }

  ObjectNode userSchema() {
    ObjectNode n = mapper.valueToTree(Schemas.schemaFor(ScimUser.class));
    n.putObject("meta").put("resourceType", "Schema");
    return n;
  }

  String listOf(List<ObjectNode> resources) {
    return list(resources, resources.size(), 1);
  }
}
