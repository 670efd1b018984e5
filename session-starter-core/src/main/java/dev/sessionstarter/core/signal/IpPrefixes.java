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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Reduces client addresses to network prefixes ({@code 203.0.113.0/24},
 * {@code 2001:db8:7::/48}), so that a client moving within its provider's network keeps
 * its session while one on another network stands out.
 *
 * @author session-starter
 */
public final class IpPrefixes {

	private final int ipv4Bits;

	private final int ipv6Bits;

	/**
	 * Create a new instance.
	 * @param ipv4Bits prefix length for IPv4 addresses (0 to 32)
	 * @param ipv6Bits prefix length for IPv6 addresses (0 to 128)
	 */
	public IpPrefixes(int ipv4Bits, int ipv6Bits) {
		Assert.isTrue(ipv4Bits >= 0 && ipv4Bits <= 32, "The IPv4 prefix must be between 0 and 32 bits");
		Assert.isTrue(ipv6Bits >= 0 && ipv6Bits <= 128, "The IPv6 prefix must be between 0 and 128 bits");
		this.ipv4Bits = ipv4Bits;
		this.ipv6Bits = ipv6Bits;
	}

	/**
	 * The network prefix of an address literal.
	 * @param address an IPv4 or IPv6 literal, as {@code ServletRequest.getRemoteAddr()}
	 * gives it
	 * @return the prefix in CIDR notation, or {@code null} if the value is not an address
	 * literal
	 */
	public @Nullable String prefix(@Nullable String address) {
		byte[] bytes = parse(address);
		if (bytes == null) {
			return null;
		}
		int bits = (bytes.length == 4) ? this.ipv4Bits : this.ipv6Bits;
		for (int i = 0; i < bytes.length; i++) {
			int keep = Math.max(0, Math.min(8, bits - i * 8));
			bytes[i] = (byte) (bytes[i] & (0xff00 >> keep));
		}
		try {
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + bits;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static byte @Nullable [] parse(@Nullable String address) {
		if (address == null || address.isEmpty() || address.length() > 64) {
			return null;
		}
		String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
				: address;
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			// Only address literals: anything else could make InetAddress resolve a name.
			if (Character.digit(c, 16) < 0 && c != '.' && c != ':') {
				return null;
			}
		}
		if (literal.indexOf(':') < 0 && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
			return null;
		}
		try {
			byte[] bytes = InetAddress.getByName(literal).getAddress();
			return (bytes.length == 16 && isMappedIpv4(bytes)) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static boolean isMappedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

}
