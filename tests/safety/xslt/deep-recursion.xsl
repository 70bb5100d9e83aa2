<?xml version="1.0"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- A template that calls itself without end: stopped at the template depth bound. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="down"><xsl:param name="n"/>
    <d><xsl:call-template name="down"><xsl:with-param name="n" select="$n + 1"/></xsl:call-template></d>
  </xsl:template>
  <xsl:template match="/"><out><xsl:call-template name="down"><xsl:with-param name="n" select="0"/></xsl:call-template></out></xsl:template>
</xsl:stylesheet>
