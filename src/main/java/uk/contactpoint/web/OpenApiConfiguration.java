package uk.contactpoint.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the OpenAPI description says of the API as a whole; each endpoint describes itself. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI contactPointApi() {
        return new OpenAPI()
                .info(new Info().title("ContactPoint API").version("v1").description("""
                                Practitioner search and the child's record, for a signed-in session (password and a \
                                second factor), under the same rules as the pages: minimum search criteria, at most ten \
                                results, a reason for every record opened, and the shielding, sensitive-service and \
                                source-identifier rules. Every call is audited. Feed systems upload with their bearer \
                                token. Errors are application/problem+json and name the field at fault."""));
    }
}
