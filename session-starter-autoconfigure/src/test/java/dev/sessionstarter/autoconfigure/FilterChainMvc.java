/*
 * Copyright 2026 the session-starter authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.sessionstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;

import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Builds a {@link MockMvc} that runs every filter the application registers with the
 * servlet container, in the container's order: the starter's store-unavailable filter,
 * Spring Session's repository filter, Spring Security's filter chain and the rest, over
 * the real store and a real Redis. Only the HTTP parsing of the container is left out,
 * which is what makes a corpus of 100,000 requests affordable; tests that need the
 * container's own limits go over real HTTP instead.
 */
final class FilterChainMvc {

	private FilterChainMvc() {
	}

	static MockMvc of(WebApplicationContext context) {
		List<Filter> filters = new ArrayList<>();
		for (ServletContextInitializer initializer : new ServletContextInitializerBeans(context)) {
			if (initializer instanceof AbstractFilterRegistrationBean<?> registration && registration.isEnabled()) {
				filters.add(registration.getFilter());
			}
		}
		if (filters.stream().noneMatch((filter) -> filter.getClass().getName().contains("SessionRepositoryFilter"))) {
			throw new IllegalStateException("Spring Session's filter is not registered: " + filters);
		}
		if (filters.stream().noneMatch((filter) -> filter.getClass().getName().contains("DelegatingFilterProxy"))) {
			throw new IllegalStateException("Spring Security's filter chain is not registered: " + filters);
		}
		return MockMvcBuilders.webAppContextSetup(context).addFilters(filters.toArray(Filter[]::new)).build();
	}

}
