metadata name = 'Scheduled query rule'
metadata description = 'A log search alert: runs a KQL query on a schedule and notifies action groups when the row count crosses a threshold.'

@description('Required. Name of the rule.')
param name string

@description('Optional. Location of the rule (that of the workspace it queries).')
param location string = resourceGroup().location

@description('Optional. Tags of the rule.')
param tags object = {}

@description('Optional. What the alert means and what to do.')
param alertDescription string = ''

@description('Required. Resource IDs the query runs against (a Log Analytics workspace here).')
param scopes string[]

@description('Required. The KQL query; each row counts once.')
param query string

@description('Optional. Severity, 0 (critical) to 4 (verbose).')
@minValue(0)
@maxValue(4)
param severity int = 2

@description('Optional. How often the rule runs (ISO 8601 duration).')
param evaluationFrequency string = 'PT5M'

@description('Optional. The time span the query looks back (ISO 8601 duration).')
param windowSize string = 'PT5M'

@description('Optional. Comparison of the row count with the threshold.')
@allowed([
  'GreaterThan'
  'GreaterThanOrEqual'
  'LessThan'
  'LessThanOrEqual'
  'Equal'
])
param operator string = 'GreaterThan'

@description('Optional. The threshold.')
param threshold int = 0

@description('Optional. Columns of the query result that split the alert, one alert per value.')
param dimensionColumns string[] = []

@description('Optional. Resolve the alert by itself once the condition is no longer met (state-like conditions).')
param autoMitigate bool = false

@description('Required. Resource IDs of the action groups to notify.')
param actionGroupResourceIds string[]

resource rule 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: name
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: name
    description: alertDescription
    enabled: true
    severity: severity
    scopes: scopes
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    autoMitigate: autoMitigate
    criteria: {
      allOf: [
        {
          query: query
          timeAggregation: 'Count'
          operator: operator
          threshold: threshold
          dimensions: [
            for column in dimensionColumns: {
              name: column
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroupResourceIds
    }
  }
}

@description('The resource ID of the rule.')
output resourceId string = rule.id

@description('The name of the rule.')
output name string = rule.name
