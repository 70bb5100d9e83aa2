<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="dbl"><xsl:param name="s"/><xsl:param name="n"/>
    <xsl:choose><xsl:when test="$n = 0"><xsl:value-of select="string-length($s)"/></xsl:when>
    <xsl:otherwise><xsl:call-template name="dbl"><xsl:with-param name="s" select="concat($s,$s)"/><xsl:with-param name="n" select="$n - 1"/></xsl:call-template></xsl:otherwise></xsl:choose>
  </xsl:template>
  <xsl:template match="/"><out><xsl:call-template name="dbl"><xsl:with-param name="s" select="'xxxxxxxxxxxxxxxx'"/><xsl:with-param name="n" select="40"/></xsl:call-template></out></xsl:template>
</xsl:stylesheet>
