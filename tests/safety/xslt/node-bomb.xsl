<?xml version="1.0"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- Exponential result trees: every level copies the tree built so far twice
     (2^30 nodes), in a variable, so the memory is held at once. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="grow"><xsl:param name="t"/><xsl:param name="n"/>
    <xsl:choose><xsl:when test="$n = 0"><xsl:value-of select="count($t)"/></xsl:when>
    <xsl:otherwise>
      <xsl:variable name="next"><a><xsl:copy-of select="$t"/></a><b><xsl:copy-of select="$t"/></b></xsl:variable>
      <xsl:call-template name="grow"><xsl:with-param name="t" select="$next"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template>
    </xsl:otherwise></xsl:choose>
  </xsl:template>
  <xsl:template match="/"><out><xsl:call-template name="grow"><xsl:with-param name="t" select="/"/><xsl:with-param name="n" select="30"/></xsl:call-template></out></xsl:template>
</xsl:stylesheet>
