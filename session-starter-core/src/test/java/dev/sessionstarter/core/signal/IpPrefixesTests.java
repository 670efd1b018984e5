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

package dev.sessionstarter.core.signal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpPrefixesTests {

	private final IpPrefixes prefixes = new IpPrefixes(24, 48);

	@Test
	void reducesAddressesToTheirNetwork() {
		assertThat(this.prefixes.prefix("203.0.113.77")).isEqualTo("203.0.113.0/24");
		assertThat(this.prefixes.prefix("2001:db8:7:1::5")).isEqualTo("2001:db8:7:0:0:0:0:0/48");
		assertThat(this.prefixes.prefix("[2001:db8:7:ffff::1]")).isEqualTo("2001:db8:7:0:0:0:0:0/48");
		assertThat(this.prefixes.prefix("fe80::1%eth0")).isEqualTo("fe80:0:0:0:0:0:0:0/48");
	}

	@Test
	void neighboursShareAPrefixAndOtherNetworksDoNot() {
		assertThat(this.prefixes.prefix("198.51.100.7")).isEqualTo(this.prefixes.prefix("198.51.100.250"));
		assertThat(this.prefixes.prefix("198.51.100.7")).isNotEqualTo(this.prefixes.prefix("198.51.101.7"));
		assertThat(new IpPrefixes(16, 64).prefix("198.51.100.7")).isEqualTo("198.51.0.0/16");
		assertThat(new IpPrefixes(32, 128).prefix("198.51.100.7")).isEqualTo("198.51.100.7/32");
	}

	@Test
	void ipv4MappedIpv6AddressesCountAsIpv4() {
		assertThat(this.prefixes.prefix("::ffff:203.0.113.77")).isEqualTo("203.0.113.0/24");
	}

	@Test
	void anythingButAnAddressLiteralHasNoPrefixAndIsNeverResolved() {
		assertThat(this.prefixes.prefix(null)).isNull();
		assertThat(this.prefixes.prefix("")).isNull();
		assertThat(this.prefixes.prefix("localhost")).isNull();
		assertThat(this.prefixes.prefix("example.com")).isNull();
		assertThat(this.prefixes.prefix("1.2.3")).isNull();
		assertThat(this.prefixes.prefix("999.1.1.1")).isNull();
		assertThat(this.prefixes.prefix("1".repeat(100))).isNull();
	}

}
