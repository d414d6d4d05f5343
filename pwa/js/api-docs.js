// Browsable API docs: Swagger UI over the server's own OpenAPI document (no inline script, CSP-safe).
window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
