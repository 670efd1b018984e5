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

package dev.sessionstarter.core.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientDeviceTests {

	@Test
	void summarizesCommonBrowsers() {
		assertThat(ClientDevice.summarize("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
				+ "Chrome/156.0.0.0 Safari/537.36"))
			.isEqualTo("Chrome 156 on Linux");
		assertThat(ClientDevice.summarize("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
				+ "Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"))
			.isEqualTo("Edge 120 on Windows");
		assertThat(ClientDevice.summarize("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"))
			.isEqualTo("Firefox 140 on Linux");
		assertThat(ClientDevice.summarize("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
				+ "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"))
			.isEqualTo("Safari 17 on iOS");
		assertThat(ClientDevice.summarize("curl/8.5.0")).isEqualTo("curl");
	}

	@Test
	void keepsSummariesShortAndCopesWithNothing() {
		assertThat(ClientDevice.summarize(null)).isEqualTo("Unknown client");
		assertThat(ClientDevice.summarize("   ")).isEqualTo("Unknown client");
		assertThat(ClientDevice.summarize("x".repeat(10_000))).hasSizeLessThanOrEqualTo(60);
	}

}
